package dev.hookline.ingest.subscriptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.hookline.ingest.http.Refusals;
import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * A validated JSON merge patch (RFC 7396) of a subscription: the fields it sets or
 * clears, applied in one go to the current record.
 *
 * <p>
 * {@code headers} merges member by member, as RFC 7396 does with objects: a string sets a
 * header (replacing one of the same name in any case), {@code null} removes it. Applying
 * a patch that leaves more than {@value HeaderRules#MAX_HEADERS} headers fails with the
 * 422 {@link dev.hookline.ingest.http.ApiException} of {@link Refusals}.
 */
final class SubscriptionPatch {

	private final List<Consumer<Subscription.Builder>> edits = new ArrayList<>();

	private @Nullable List<String> eventTypes;

	/** Sets a field; the edit is applied to a copy of the current record. */
	SubscriptionPatch edit(Consumer<Subscription.Builder> edit) {
		this.edits.add(edit);
		return this;
	}

	SubscriptionPatch eventTypes(List<String> patterns) {
		this.eventTypes = patterns;
		return edit((builder) -> builder.setEventTypes(patterns));
	}

	/**
	 * Merges header changes: null removes a header, {@code replaceAll} drops the rest.
	 */
	SubscriptionPatch headers(Map<String, @Nullable String> changes, boolean replaceAll) {
		return edit((builder) -> builder.setHeaders(merged(replaceAll ? Map.of() : builder.getHeaders(), changes)));
	}

	/**
	 * Activates or deactivates the subscription, as an admin's decision: whatever reason
	 * Hookline had for disabling it is cleared either way. The worker dead-letters the
	 * pending deliveries of a subscription disabled with a reason, for replay, and drops
	 * those of one deactivated without.
	 */
	SubscriptionPatch active(boolean active) {
		return edit((builder) -> builder.setActive(active).setDisabledReason(null));
	}

	/** The patterns the patch sets, or null when it leaves them. */
	@Nullable List<String> eventTypes() {
		return this.eventTypes;
	}

	void applyTo(Subscription.Builder builder) {
		this.edits.forEach((edit) -> edit.accept(builder));
	}

	private static Map<String, String> merged(Map<String, String> current, Map<String, @Nullable String> changes) {
		Map<String, String> headers = new LinkedHashMap<>(current);
		changes.forEach((name, value) -> {
			headers.keySet().removeIf((existing) -> existing.equalsIgnoreCase(name));
			if (value != null) {
				headers.put(name, value);
			}
		});
		if (headers.size() > HeaderRules.MAX_HEADERS) {
			Refusals refusals = SubscriptionParser.refusals();
			refusals.invalid("headers",
					"would hold " + headers.size() + " headers; at most " + HeaderRules.MAX_HEADERS + " are allowed");
			refusals.throwIfAny();
		}
		return headers;
	}

}
