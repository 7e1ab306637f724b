package dev.hookline.ingest.subscriptions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.hookline.ingest.kafka.KafkaUnavailableException;
import dev.hookline.schemas.EventTypePatterns;
import dev.hookline.schemas.OperationalEvents;
import dev.hookline.schemas.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Builds what the API shows of a subscription: the record, its delivery stats from
 * {@link DeliveryHealth}, and the warnings about patterns that match none of the tenant's
 * catalogued event types ({@link KnownEventTypes}).
 *
 * <p>
 * Warnings are advice: when the catalogue cannot answer in time the answer carries none,
 * rather than failing a change that is valid.
 */
@Component
final class SubscriptionViews {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionViews.class);

	/** The types Hookline itself emits: patterns naming them are never unknown. */
	private static final Set<String> OPERATIONAL = Set.of(OperationalEvents.SUBSCRIPTION_DISABLED,
			OperationalEvents.DELIVERY_EXHAUSTED, OperationalEvents.TEST);

	private final DeliveryHealth health;

	private final KnownEventTypes known;

	private final Clock clock;

	SubscriptionViews(DeliveryHealth health, KnownEventTypes known) {
		this.health = health;
		this.known = known;
		this.clock = Clock.systemUTC();
	}

	SubscriptionResource of(Subscription subscription) {
		return SubscriptionResource.of(subscription, stats(subscription), this.clock.instant());
	}

	SubscriptionStats stats(Subscription subscription) {
		return this.health.stats(subscription.getTenant(), subscription.getId());
	}

	/**
	 * One warning per pattern that matches none of the tenant's catalogued types; empty
	 * when there is none, or when the catalogue does not answer.
	 */
	Mono<List<SubscriptionResource.Warning>> warnings(String tenant, List<String> patterns) {
		return this.known.names(tenant)
			.map((names) -> unmatched(names, patterns))
			.onErrorResume(KafkaUnavailableException.class, (ex) -> {
				log.warn("no event-type warnings for tenant {}: {}", tenant, ex.getMessage());
				return Mono.just(List.of());
			});
	}

	private static List<SubscriptionResource.Warning> unmatched(Set<String> catalogued, List<String> patterns) {
		Set<String> types = new HashSet<>(catalogued);
		types.addAll(OPERATIONAL);
		List<SubscriptionResource.Warning> warnings = new ArrayList<>();
		for (int i = 0; i < patterns.size(); i++) {
			String pattern = patterns.get(i);
			if (types.stream().noneMatch((type) -> EventTypePatterns.matches(pattern, type))) {
				warnings.add(new SubscriptionResource.Warning("eventTypes[" + i + "]",
						"'" + pattern + "' matches none of this tenant's catalogued event types (GET /v1/event-types); "
								+ "check it for a typo; any matching event published is still delivered"));
			}
		}
		return warnings;
	}

}
