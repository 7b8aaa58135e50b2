// The statuses an outbox email can have (backend OutboxStatus), in the words a person reads.
export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "uncertain", "kept", "suppressed"];

export const OUTBOX_STATUS_WORDS = {
  queued: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  uncertain: "Delivery uncertain — may have been sent",
  kept: "Kept here (no mail server set up)",
  suppressed: "Not sent: the address unsubscribed",
};

/** "queued" → "Waiting to send"; an unknown status reads as itself. */
export const outboxStatusWords = (status) => OUTBOX_STATUS_WORDS[status] || status;

/** Statuses a person may send again, knowingly (POST /api/outbox/<id>/resend with confirm). */
export const RESENDABLE = new Set(["uncertain", "failed"]);
