import { lineSplitter, TextTail, } from './sandbox-transport.js';
/**
 * The listener side both sandbox transports share: fans messages, output lines and the one
 * exit out to the host's listeners, and keeps the stderr tail for the crash report. Only how
 * a worker or a child process reports those differs, so that stays in each transport.
 */
export class TransportEvents {
    /** The last stderr lines, for crash reports. */
    tail = new TextTail();
    #exit;
    #exitListeners = [];
    #messageListeners = [];
    #outputListeners = [];
    /** How the sandbox ended, once it has. */
    get exited() {
        return this.#exit;
    }
    /** Forwards each line of the sandbox's stdout and stderr; stderr lines also feed {@link tail}. */
    pipeOutput(stdout, stderr) {
        stdout?.on('data', lineSplitter((line) => {
            for (const l of this.#outputListeners)
                l('stdout', line);
        }));
        stderr?.on('data', lineSplitter((line) => {
            this.tail.push(line);
            for (const l of this.#outputListeners)
                l('stderr', line);
        }));
    }
    /** Delivers one message from the sandbox. */
    message(raw) {
        for (const l of this.#messageListeners)
            l(raw);
    }
    /** Records the sandbox's end and tells the exit listeners. */
    exit(exit) {
        this.#exit = exit;
        for (const l of this.#exitListeners)
            l(exit);
    }
    /** `SandboxTransport.onMessage`. */
    onMessage = (listener) => {
        this.#messageListeners.push(listener);
    };
    /** `SandboxTransport.onExit`: a listener added after the end is called at once. */
    onExit = (listener) => {
        if (this.#exit !== undefined)
            listener(this.#exit);
        else
            this.#exitListeners.push(listener);
    };
    /** `SandboxTransport.onOutput`. */
    onOutput = (listener) => {
        this.#outputListeners.push(listener);
    };
}
//# sourceMappingURL=_transport-events.js.map