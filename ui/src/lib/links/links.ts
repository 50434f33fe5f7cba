// Where a Link from Rust leads: the one place that knows the app's routes. Rust says what an
// entry points at (a session, a young person's page, recording a plan that happened); this
// turns it into a URL.
import type { Link } from "$lib/ipc/bindings";

export function href(link: Link): string {
  switch (link.to) {
    case "youngPerson":
      return `/young-people/${link.id}${link.section === null ? "" : `#${link.section}`}`;
    case "session":
      return `/sessions/${link.id}`;
    case "activity":
      return `/young-people/${link.youngPersonId}/activity?activity=${link.activityId}`;
    case "residential":
      return `/young-people/${link.youngPersonId}/residential?residential=${link.residentialId}`;
    case "supervision":
      return `/supervision?coach=${link.coach}`;
    case "goals":
      return `/young-people/${link.youngPersonId}/goals`;
    case "recordPlan":
      return (
        `/young-people/${link.youngPersonId}/record?plan=${link.plan}&kind=${link.kind}` +
        `&start=${link.start}&end=${link.end}&title=${encodeURIComponent(link.title)}`
      );
  }
}
