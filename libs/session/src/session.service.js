"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SessionService = void 0;
const common_1 = require("@nestjs/common");
const session_constants_1 = require("./session.constants");
const session_unavailable_exception_1 = require("./session-unavailable.exception");
const KEPT_ON_SIGN_IN = ['cartId'];
let SessionService = class SessionService {
    options;
    constructor(options) {
        this.options = options;
    }
    async signIn(request, user) {
        this.assertAvailable(request);
        await request.session.regenerate(KEPT_ON_SIGN_IN);
        request.session.user = { id: user.id, email: user.email, roles: [...user.roles] };
    }
    async signOut(request, reply) {
        this.assertAvailable(request);
        await request.session.destroy();
        reply.clearCookie(this.options.cookieName, { path: this.options.cookiePath });
    }
    assertAvailable(request) {
        if (request.session?.storeUnavailable)
            throw new session_unavailable_exception_1.SessionUnavailableException();
    }
};
exports.SessionService = SessionService;
exports.SessionService = SessionService = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(session_constants_1.RESOLVED_SESSION_OPTIONS)),
    __metadata("design:paramtypes", [Object])
], SessionService);
//# sourceMappingURL=session.service.js.map