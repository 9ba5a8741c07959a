"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=session-data.interface.js.map