/**
 * Dev sinks for local runs: what {@code ./fleet up} starts in place of the external systems the
 * side-effect workers talk to. An SMTP server (our own, any user, any password), a CRM sink that
 * answers 200 to every write, a demo webhook receiver that checks Standard Webhooks signatures, and
 * a JSON viewer of everything received ({@code /_mails}, {@code /_crm}, {@code /_webhooks}).
 *
 * <p>Everything is kept in memory, bounded, and lost on restart. Not for production.
 */
package io.outboxfleet.devsinks;
