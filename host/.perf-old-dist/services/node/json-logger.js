const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };
/**
 * A logger writing JSON lines: `{"time":"<ISO>","level","message","plugin"?,"data"?}`. Data
 * that JSON cannot hold is written safely (bigints as strings, cycles as `"[Circular]"`,
 * errors as `{ name, message, code }`), so a plugin's odd log call never throws in the host.
 */
export function createJsonLogger(options = {}) {
    const write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
    const min = LEVELS[options.level ?? 'info'];
    return {
        write(record) {
            if (LEVELS[record.level] < min)
                return;
            write(safeStringify({
                time: new Date(record.time).toISOString(),
                level: record.level,
                message: record.message,
                ...(record.plugin === undefined ? {} : { plugin: record.plugin }),
                ...(record.data === undefined ? {} : { data: record.data }),
            }));
        },
    };
}
function safeStringify(value) {
    const seen = new WeakSet();
    return JSON.stringify(value, (_key, v) => {
        if (typeof v === 'bigint')
            return v.toString();
        if (v instanceof Error) {
            return { name: v.name, message: v.message, ...('code' in v ? { code: String(v.code) } : {}) };
        }
        if (typeof v === 'object' && v !== null) {
            if (seen.has(v))
                return '[Circular]';
            seen.add(v);
        }
        return v;
    });
}
//# sourceMappingURL=json-logger.js.map