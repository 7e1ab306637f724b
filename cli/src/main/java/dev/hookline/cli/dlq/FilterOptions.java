package dev.hookline.cli.dlq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import dev.hookline.cli.support.CliException;
import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.OutcomePatterns;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The filter options {@code dlq list} and {@code dlq replay} share; a picocli mixin.
 * Invalid values are usage errors naming the option.
 */
final class FilterOptions {

	@Option(names = "--subscription", split = ",", paramLabel = "ID",
			description = "Only deliveries of these subscriptions (repeat the option or separate with commas).")
	List<String> subscriptions = new ArrayList<>();

	@Option(names = "--event-type", split = ",", paramLabel = "TYPE",
			description = "Only these event types: exact (invoice.paid), a prefix (invoice.*) or * (every type but "
					+ "Hookline's operational events, as in a subscription).")
	List<String> eventTypes = new ArrayList<>();

	@Option(names = "--since", paramLabel = "TIME",
			description = "Only deliveries last tried at or after TIME: an ISO-8601 instant "
					+ "(2026-11-22T10:00:00Z) or a time ago (30m, 2h, 7d).")
	@Nullable Instant since;

	@Option(names = "--until", paramLabel = "TIME",
			description = "Only deliveries last tried before TIME (same forms as --since).")
	@Nullable Instant until;

	@Option(names = "--status", split = ",", paramLabel = "STATUS",
			description = "Only deliveries whose last attempt ended so: an HTTP status (503), a class (5xx) or "
					+ "an error (timeout, connect_error, ...).")
	List<String> statuses = new ArrayList<>();

	DeadLetterFilter filter() {
		if (this.since != null && this.until != null && !this.since.isBefore(this.until)) {
			throw CliException.usage("--since (" + this.since + ") must be before --until (" + this.until + ")");
		}
		List<String> statuses = new ArrayList<>();
		for (String status : this.statuses) {
			String value = OutcomePatterns.normalize(status);
			if (!OutcomePatterns.isValid(value)) {
				throw CliException.usage("--status '" + status + "' is not " + OutcomePatterns.SYNTAX);
			}
			statuses.add(value);
		}
		for (String type : this.eventTypes) {
			if (!EventTypePatterns.isValidPattern(type.strip())) {
				throw CliException
					.usage("--event-type '" + type + "' must be a type (invoice.paid), a prefix (invoice.*) or *");
			}
		}
		return new DeadLetterFilter(new LinkedHashSet<>(strip(this.subscriptions)), strip(this.eventTypes), this.since,
				this.until, statuses);
	}

	private static List<String> strip(List<String> values) {
		return values.stream().map(String::strip).filter((v) -> !v.isEmpty()).toList();
	}

}
