"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ROLES_METADATA = exports.RESOLVED_SESSION_OPTIONS = exports.SESSION_STORE = void 0;
exports.SESSION_STORE = 'SESSION:STORE';
exports.RESOLVED_SESSION_OPTIONS = 'SESSION:RESOLVED_OPTIONS';
exports.ROLES_METADATA = 'SESSION:ROLES';
//# sourceMappingURL=session.constants.js.map