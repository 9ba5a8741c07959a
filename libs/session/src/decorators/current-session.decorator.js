"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CurrentSession = void 0;
const common_1 = require("@nestjs/common");
const session_unavailable_exception_1 = require("../session-unavailable.exception");
exports.CurrentSession = (0, common_1.createParamDecorator)((_, context) => {
    const session = context.switchToHttp().getRequest().session;
    if (!session || session.storeUnavailable)
        throw new session_unavailable_exception_1.SessionUnavailableException();
    return session;
});
//# sourceMappingURL=current-session.decorator.js.map