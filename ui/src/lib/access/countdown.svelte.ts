// A countdown in whole seconds, for "try again in 27 seconds" after too many attempts.
export class Countdown {
  remaining = $state(0);
  #timer: ReturnType<typeof setInterval> | null = null;
  #until = 0;

  start(seconds: number, now: () => number = Date.now): void {
    this.stop();
    this.#until = now() + seconds * 1000;
    this.remaining = Math.max(0, Math.ceil(seconds));
    if (this.remaining === 0) return;
    this.#timer = setInterval(() => {
      this.remaining = Math.max(0, Math.ceil((this.#until - now()) / 1000));
      if (this.remaining === 0) this.stop();
    }, 250);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  get running(): boolean {
    return this.remaining > 0;
  }
}
