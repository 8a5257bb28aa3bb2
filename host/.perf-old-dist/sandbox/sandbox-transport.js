/** Splits a byte stream into lines for the host logger, keeping a tail for crash reports. */
export function lineSplitter(onLine) {
    let rest = '';
    return (chunk) => {
        rest += chunk.toString();
        // Bound what one sandbox can make the host buffer for a line without a newline.
        if (rest.length > 65_536)
            rest = `${rest.slice(0, 65_536)}\n`;
        const lines = rest.split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines)
            if (line.length > 0)
                onLine(line);
    };
}
/** Keeps the last `max` characters written. */
export class TextTail {
    #text = '';
    #max;
    constructor(max = 4_096) {
        this.#max = max;
    }
    /** Appends one line. */
    push(line) {
        this.#text = `${this.#text}${line}\n`.slice(-this.#max);
    }
    /** What is kept. */
    get text() {
        return this.#text;
    }
}
//# sourceMappingURL=sandbox-transport.js.map