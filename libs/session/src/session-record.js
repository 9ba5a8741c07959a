"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.encodeSessionRecord = encodeSessionRecord;
exports.decodeSessionRecord = decodeSessionRecord;
const FIELD = {
    userId: 'u',
    email: 'e',
    roles: 'r',
    cartId: 'c',
    createdAt: 'ct',
    touchedAt: 'ts',
};
function encodeSessionRecord(session) {
    const fields = [
        FIELD.createdAt,
        String(session.createdAt),
        FIELD.touchedAt,
        String(session.touchedAt),
    ];
    if (session.user) {
        fields.push(FIELD.userId, session.user.id, FIELD.email, session.user.email, FIELD.roles, session.user.roles.join(','));
    }
    if (session.cartId)
        fields.push(FIELD.cartId, session.cartId);
    return fields;
}
function decodeSessionRecord(fields) {
    const createdAt = Number(fields[FIELD.createdAt]);
    const touchedAt = Number(fields[FIELD.touchedAt]);
    if (!Number.isFinite(createdAt) || !Number.isFinite(touchedAt))
        return null;
    const session = { createdAt, touchedAt };
    const userId = fields[FIELD.userId];
    if (userId) {
        const roles = fields[FIELD.roles];
        session.user = { id: userId, email: fields[FIELD.email] ?? '', roles: roles ? roles.split(',') : [] };
    }
    if (fields[FIELD.cartId])
        session.cartId = fields[FIELD.cartId];
    return session;
}
//# sourceMappingURL=session-record.js.map