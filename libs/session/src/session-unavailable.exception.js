"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SessionUnavailableException = void 0;
const common_1 = require("@nestjs/common");
class SessionUnavailableException extends common_1.ServiceUnavailableException {
    constructor() {
        super('Sessions are unavailable right now (the session store cannot be reached); retry shortly');
    }
}
exports.SessionUnavailableException = SessionUnavailableException;
//# sourceMappingURL=session-unavailable.exception.js.map