"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readSecretFiles = readSecretFiles;
const node_fs_1 = require("node:fs");
function readSecretFiles(env) {
    const result = { ...env };
    for (const [key, path] of Object.entries(env)) {
        if (!key.endsWith('_FILE') || !path)
            continue;
        const name = key.slice(0, -'_FILE'.length);
        if (result[name] !== undefined && result[name] !== '')
            continue;
        try {
            result[name] = (0, node_fs_1.readFileSync)(path, 'utf8').replace(/\r?\n$/, '');
        }
        catch (error) {
            throw new Error(`${key}: cannot read ${path} (${error.message})`);
        }
    }
    return result;
}
//# sourceMappingURL=read-secret-files.js.map