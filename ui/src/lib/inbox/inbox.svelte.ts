// How many inbox items are new, for the count in the navigation. Asked again after each sync
// and after the inbox is opened.
import { inbox } from "$lib/ipc/bindings";

class InboxCount {
  count = $state(0);

  async refresh(): Promise<void> {
    try {
      this.count = (await inbox()).newCount;
    } catch {
      // Locked or not set up yet: no count to show.
      this.count = 0;
    }
  }
}

export const inboxCount = new InboxCount();
