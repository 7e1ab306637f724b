package dev.hookline.ingest.subscriptions;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A subscription as the API shows it. The signing secret is present only in the answer
 * that created it, and {@code warnings} only in the answers to a create or a change; both
 * are left out of the JSON everywhere else. Previous secrets show only when they expire,
 * never their value.
 *
 * @param id the subscription id ({@code sub_…})
 * @param url where deliveries go
 * @param eventTypes the patterns it receives
 * @param description free text, or null
 * @param filter the payload filter (an array of conditions), or null
 * @param fields the payload field allowlist (JSON pointers), or null for the whole data
 * @param headers custom headers sent with every webhook
 * @param rateLimit requests per second at most, or null for no limit
 * @param active whether it receives deliveries
 * @param disabledReason why Hookline disabled it, or null
 * @param version increases by one on every change; also the {@code ETag}
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param secrets the previous secrets that still sign beside the current one
 * @param stats what the delivery log knows about its deliveries
 * @param warnings advice about the request that was accepted anyway
 * @param secret the plaintext signing secret ({@code whsec_…}), only on creation
 */
record SubscriptionResource(String id, String url, List<String> eventTypes, @Nullable String description,
		@Nullable JsonNode filter, @Nullable List<String> fields, Map<String, String> headers,
		@Nullable Integer rateLimit, boolean active, @Nullable String disabledReason, long version, Instant createdAt,
		Instant updatedAt, List<PreviousSecretView> secrets, Stats stats,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) @Nullable List<Warning> warnings,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret) {

	/** Reads stored filters with their numbers exactly as they were sent. */
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	static SubscriptionResource of(Subscription subscription, SubscriptionStats stats, Instant now) {
		String filter = subscription.getFilter();
		List<String> fields = subscription.getFields();
		return new SubscriptionResource(subscription.getId(), subscription.getUrl(),
				List.copyOf(subscription.getEventTypes()), subscription.getDescription(),
				(filter != null) ? JSON.readTree(filter) : null, (fields != null) ? List.copyOf(fields) : null,
				Collections.unmodifiableMap(new TreeMap<>(subscription.getHeaders())), subscription.getRateLimit(),
				subscription.getActive(), subscription.getDisabledReason(), subscription.getVersion(),
				subscription.getCreatedAt(), subscription.getUpdatedAt(),
				Secrets.live(subscription.getPreviousSecrets(), now)
					.stream()
					.map((previous) -> new PreviousSecretView(previous.getExpiresAt()))
					.toList(),
				Stats.of(stats), null, null);
	}

	/** This view with warnings and, on creation, the plaintext secret. */
	SubscriptionResource with(List<Warning> warnings, @Nullable String secret) {
		return new SubscriptionResource(this.id, this.url, this.eventTypes, this.description, this.filter, this.fields,
				this.headers, this.rateLimit, this.active, this.disabledReason, this.version, this.createdAt,
				this.updatedAt, this.secrets, this.stats, warnings, secret);
	}

	/** The quoted version, for the {@code ETag} header. */
	String etag() {
		return "\"" + this.version + "\"";
	}

	@Override
	public String toString() {
		// never let the secret reach a log line
		return "SubscriptionResource[id=" + this.id + ", url=" + this.url + "]";
	}

	/**
	 * A previous secret that still signs.
	 *
	 * @param expiresAt when it stops signing
	 */
	record PreviousSecretView(Instant expiresAt) {

	}

	/**
	 * Advice about an accepted request.
	 *
	 * @param field the field it is about, e.g. {@code eventTypes[1]}
	 * @param detail what may be wrong, for a human
	 */
	record Warning(String field, String detail) {

	}

	/**
	 * The delivery counters of {@link SubscriptionStats}, with the last status in lower
	 * case ({@code delivered}, {@code failing}, {@code dead_lettered}) or null.
	 */
	record Stats(long delivered, long failing, long deadLettered, @Nullable Instant lastSuccessAt,
			@Nullable Instant lastFailureAt, @Nullable String lastStatus) {

		static Stats of(SubscriptionStats stats) {
			SubscriptionStats.LastStatus last = stats.lastStatus();
			return new Stats(stats.delivered(), stats.failing(), stats.deadLettered(), stats.lastSuccessAt(),
					stats.lastFailureAt(), (last != null) ? last.name().toLowerCase(Locale.ROOT) : null);
		}

	}

	/**
	 * A page of a listing.
	 *
	 * @param data the subscriptions, in id order
	 * @param next the {@code after} value of the next page, or null on the last
	 */
	record Page(List<SubscriptionResource> data, @Nullable String next) {

	}

	/**
	 * The answer to a bulk create.
	 *
	 * @param data the subscriptions, in the order asked, each with its secret
	 */
	record Created(List<SubscriptionResource> data) {

	}

	/**
	 * The answer to a bulk delete.
	 *
	 * @param deleted the ids deleted, in the order asked
	 */
	record Deleted(List<String> deleted) {

	}

}
