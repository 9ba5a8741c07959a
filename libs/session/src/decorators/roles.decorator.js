"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Roles = void 0;
const common_1 = require("@nestjs/common");
const session_constants_1 = require("../session.constants");
const Roles = (...roles) => (0, common_1.SetMetadata)(session_constants_1.ROLES_METADATA, roles);
exports.Roles = Roles;
//# sourceMappingURL=roles.decorator.js.map