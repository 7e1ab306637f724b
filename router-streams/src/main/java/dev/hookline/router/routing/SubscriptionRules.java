package dev.hookline.router.routing;

import java.util.List;
import java.util.Objects;

import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.payload.FieldAllowlist;
import dev.hookline.schemas.payload.PayloadFilter;
import dev.hookline.schemas.payload.PayloadRuleException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version of a subscription's payload rules, parsed from its record: the filter an
 * event's data must pass and the allowlist of data fields its body keeps.
 *
 * <p>
 * Ingest validates both before it stores them, so a rule that fails to parse here means a
 * writer bug or a record from elsewhere. Such a subscription is {@linkplain #valid()
 * invalid} and must receive nothing: sending it unfiltered events, or data it asked to
 * leave out, would be worse than sending none. The failure is logged at WARN when the
 * version is parsed.
 */
final class SubscriptionRules {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionRules.class);

	private final long version;

	private final @Nullable String storedFilter;

	private final @Nullable List<String> storedFields;

	private final @Nullable PayloadFilter filter;

	private final @Nullable FieldAllowlist fields;

	private final boolean valid;

	private SubscriptionRules(Subscription subscription, @Nullable PayloadFilter filter,
			@Nullable FieldAllowlist fields, boolean valid) {
		this.version = subscription.getVersion();
		this.storedFilter = subscription.getFilter();
		List<String> storedFields = subscription.getFields();
		this.storedFields = (storedFields != null) ? List.copyOf(storedFields) : null;
		this.filter = filter;
		this.fields = fields;
		this.valid = valid;
	}

	/**
	 * Parses the subscription's rules; an invalid rule gives invalid rules, never throws.
	 */
	static SubscriptionRules of(Subscription subscription) {
		try {
			String filter = subscription.getFilter();
			List<String> fields = subscription.getFields();
			return new SubscriptionRules(subscription, (filter != null) ? PayloadFilter.parse(filter) : null,
					(fields != null) ? FieldAllowlist.of(fields, "fields") : null, true);
		}
		catch (PayloadRuleException ex) {
			log.warn("subscription {} (tenant {}, version {}) will receive no events: its stored {}",
					subscription.getId(), subscription.getTenant(), subscription.getVersion(), ex.getMessage());
			return new SubscriptionRules(subscription, null, null, false);
		}
	}

	/**
	 * Whether these are the rules of this record: same version and same stored rules, so
	 * a writer that forgot to bump the version is still seen.
	 */
	boolean describes(Subscription subscription) {
		return this.version == subscription.getVersion() && Objects.equals(this.storedFilter, subscription.getFilter())
				&& Objects.equals(this.storedFields, subscription.getFields());
	}

	/** False when a stored rule could not be parsed: the subscription matches nothing. */
	boolean valid() {
		return this.valid;
	}

	/** Whether the event passes the filter; parses its data only if there is one. */
	boolean accepts(EventData data) {
		return this.valid && (this.filter == null || this.filter.matches(data.tree()));
	}

	/**
	 * The body this subscription receives: the shared one, unless it keeps some fields.
	 */
	byte[] body(EventData data) {
		return (this.fields != null) ? data.bodyWith(this.fields) : data.body();
	}

}
