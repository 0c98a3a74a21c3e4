package io.outboxfleet.command.web;

/**
 * One offending request field in a 400 problem's {@code errors} list.
 *
 * @param field the field's path in the request, for example {@code items[0].quantity}
 * @param message what is wrong with it
 */
public record FieldViolation(String field, String message) {}
