"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuthenticatedGuard = void 0;
const common_1 = require("@nestjs/common");
const session_unavailable_exception_1 = require("../session-unavailable.exception");
let AuthenticatedGuard = class AuthenticatedGuard {
    canActivate(context) {
        const request = context.switchToHttp().getRequest();
        if (request.session?.storeUnavailable)
            throw new session_unavailable_exception_1.SessionUnavailableException();
        if (!this.getUser(request))
            throw new common_1.UnauthorizedException(this.getErrorMessage());
        return true;
    }
    getUser(request) {
        return request.session?.user;
    }
    getErrorMessage() {
        return 'Not signed in: this route needs a signed-in session';
    }
};
exports.AuthenticatedGuard = AuthenticatedGuard;
exports.AuthenticatedGuard = AuthenticatedGuard = __decorate([
    (0, common_1.Injectable)()
], AuthenticatedGuard);
//# sourceMappingURL=authenticated.guard.js.map