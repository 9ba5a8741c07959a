"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CurrentUser = void 0;
const common_1 = require("@nestjs/common");
exports.CurrentUser = (0, common_1.createParamDecorator)((_, context) => {
    const user = context.switchToHttp().getRequest().session?.user;
    if (!user)
        throw new common_1.UnauthorizedException('Not signed in: this route needs a signed-in session');
    return user;
});
//# sourceMappingURL=current-user.decorator.js.map