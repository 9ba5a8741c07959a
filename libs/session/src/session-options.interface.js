"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=session-options.interface.js.map