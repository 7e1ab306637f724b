package dev.hookline.ingest.subscriptions;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * A subscription as the API shows it. The signing secret is present only in the answer
 * that created it; it is {@code null}, and left out of the JSON, everywhere else.
 *
 * @param id the subscription id ({@code sub_…})
 * @param url where deliveries go
 * @param eventTypes the patterns it receives
 * @param description free text, or null
 * @param active whether it receives deliveries
 * @param version increases by one on every change
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param secret the plaintext signing secret ({@code whsec_…}), only on creation
 */
record SubscriptionResource(String id, String url, List<String> eventTypes, @Nullable String description,
		boolean active, long version, Instant createdAt, Instant updatedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret) {

	static SubscriptionResource of(Subscription subscription) {
		return withSecret(subscription, null);
	}

	static SubscriptionResource withSecret(Subscription subscription, @Nullable String secret) {
		return new SubscriptionResource(subscription.getId(), subscription.getUrl(),
				List.copyOf(subscription.getEventTypes()), subscription.getDescription(), subscription.getActive(),
				subscription.getVersion(), subscription.getCreatedAt(), subscription.getUpdatedAt(), secret);
	}

	@Override
	public String toString() {
		// never let the secret reach a log line
		return "SubscriptionResource[id=" + this.id + ", url=" + this.url + "]";
	}

	/**
	 * A page of a listing.
	 *
	 * @param data the subscriptions, in id order
	 * @param next the {@code after} value of the next page, or null on the last
	 */
	record Page(List<SubscriptionResource> data, @Nullable String next) {

	}

}
