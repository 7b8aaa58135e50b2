// The statuses an outbox email can have (backend OUTBOX_STATUSES), in the words a person reads.
export const OUTBOX_STATUSES = ["queued", "sent", "failed", "kept"];

export const OUTBOX_STATUS_WORDS = {
  queued: "Waiting to send",
  sent: "Sent",
  failed: "Failed",
  kept: "Kept here (no mail server set up)",
};

/** "queued" → "Waiting to send"; an unknown status reads as itself. */
export const outboxStatusWords = (status) => OUTBOX_STATUS_WORDS[status] || status;
