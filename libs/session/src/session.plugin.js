"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerSession = void 0;
const cookie_1 = __importStar(require("@fastify/cookie"));
const session_1 = __importDefault(require("@fastify/session"));
const fastify_plugin_1 = __importDefault(require("fastify-plugin"));
async function sessionPlugin(fastify, { options, store }) {
    const signer = new cookie_1.Signer(options.secrets, 'sha256');
    if (!fastify.hasPlugin('@fastify/cookie'))
        await fastify.register(cookie_1.default);
    await fastify.register(session_1.default, {
        secret: signer,
        cookieName: options.cookieName,
        store,
        saveUninitialized: false,
        rolling: false,
        cookie: {
            path: options.cookiePath,
            httpOnly: true,
            secure: options.cookieSecure,
            sameSite: options.cookieSameSite,
        },
    });
    fastify.addHook('onSend', async (request, reply) => {
        const session = request.session;
        const cookie = request.cookies[options.cookieName];
        if (!session || !cookie || cookie === session.encryptedSessionId)
            return;
        if (session.createdAt === undefined && !session.storeUnavailable)
            return;
        const unsigned = signer.unsign(cookie);
        if (unsigned.valid && unsigned.value === session.sessionId) {
            reply.setCookie(options.cookieName, session.encryptedSessionId, {
                path: options.cookiePath,
                httpOnly: true,
                sameSite: options.cookieSameSite,
                secure: options.cookieSecure === 'auto' ? request.protocol === 'https' : options.cookieSecure,
            });
        }
    });
}
exports.registerSession = (0, fastify_plugin_1.default)(sessionPlugin, { name: 'app-session', fastify: '5.x' });
//# sourceMappingURL=session.plugin.js.map