package io.outboxfleet.command.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits of the REST API.
 *
 * @param maxRequestBody the largest request body accepted; longer bodies get 413. Default 1MB (1
 *     MiB).
 */
@ConfigurationProperties("fleet.web")
record WebProperties(@DefaultValue("1MB") DataSize maxRequestBody) {}
