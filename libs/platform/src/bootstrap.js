"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bootstrapApp = bootstrapApp;
const core_1 = require("@nestjs/core");
const platform_fastify_1 = require("@nestjs/platform-fastify");
const environment_1 = require("./config/environment");
const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
async function bootstrapApp(appModule, name) {
    let environment;
    try {
        environment = (0, environment_1.validateEnvironment)(process.env);
    }
    catch (error) {
        if (!(error instanceof environment_1.EnvironmentError))
            throw error;
        process.stderr.write(`${name}: ${error.message}\n`);
        process.exit(1);
    }
    const adapter = new platform_fastify_1.FastifyAdapter({
        trustProxy: environment.TRUST_PROXY,
        bodyLimit: environment.BODY_LIMIT_BYTES,
    });
    const servedBy = `${name}-${environment.REPLICA_NAME}`;
    adapter.getInstance().addHook('onRequest', (_request, reply, done) => {
        reply.header('x-served-by', servedBy);
        done();
    });
    const app = await core_1.NestFactory.create(appModule, adapter, {
        logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(environment.LOG_LEVEL) + 1),
    });
    app.setGlobalPrefix(name);
    app.enableShutdownHooks();
    await app.listen({ port: environment.PORT, host: environment.HOST });
    return app;
}
//# sourceMappingURL=bootstrap.js.map