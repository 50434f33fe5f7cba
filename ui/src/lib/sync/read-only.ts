// What a supervisor is told wherever the coach's forms would be: on their device the coach's
// records are read-only.
export const READ_ONLY_SENTENCE = "You are signed in as a supervisor: you can read and comment, and the coach keeps the records.";
