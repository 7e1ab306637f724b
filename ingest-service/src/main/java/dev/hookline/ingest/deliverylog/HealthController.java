package dev.hookline.ingest.deliverylog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.hookline.ingest.auth.Caller;
import dev.hookline.ingest.subscriptions.SubscriptionStats;
import dev.hookline.schemas.EndpointHealth;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/health}, the caller's tenant at a glance ({@link TenantHealth}), and
 * {@code GET /v1/stats}, its delivery report ({@link DeliveryReport}).
 *
 * <p>
 * Its subscriptions, their counters ({@link HistoryView#counts}) and the failing
 * endpoints (the workers' compacted {@code endpoint-health} topic) are in every
 * instance's memory; the attempts of the last hour and day are in the history, so every
 * instance adds up those of the subscriptions it holds
 * ({@link HistoryForwarding#gather}); so are the analytics of the report. A forwarded
 * request is answered with this instance's part only.
 */
@RestController
final class HealthController {

	private static final int LISTED = 20;

	private final HistoryReads history;

	private final HistoryForwarding forwarding;

	private final HistoryView view;

	private final TableView<String, Subscription> subscriptions;

	private final TableView<String, EndpointHealth> endpoints;

	private final Duration retention;

	private final Clock clock = Clock.systemUTC();

	HealthController(HistoryReads history, HistoryForwarding forwarding, HistoryView view,
			TableView<String, Subscription> subscriptions, TableView<String, EndpointHealth> endpoints,
			HistoryProperties properties) {
		this.history = history;
		this.forwarding = forwarding;
		this.view = view;
		this.subscriptions = subscriptions;
		this.endpoints = endpoints;
		this.retention = properties.retention();
	}

	@GetMapping("/v1/health")
	Mono<Object> health(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerHttpRequest request) {
		Instant now = this.clock.instant();
		List<Subscription> own = subscriptions(caller.tenant());
		List<String> ids = own.stream().map(Subscription::getId).toList();
		return this.forwarding
			.gather(request, () -> Optional.of(this.history.health(ids, now)), TenantHealth.Part.class)
			.map(parts -> {
				TenantHealth.Part total = parts.stream().reduce(TenantHealth.Part.NONE, TenantHealth.Part::plus);
				if (HistoryForwarding.forwarded(request)) {
					return total;
				}
				return whole(caller.tenant(), now, own, total);
			});
	}

	/**
	 * The tenant's delivery report ({@link DeliveryReport}): the same range and step as a
	 * subscription's stats, over all its subscriptions.
	 */
	@GetMapping("/v1/stats")
	Mono<Object> report(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String step, ServerHttpRequest request) {
		AnalyticsQuery query = AnalyticsQuery.parse(from, to, step, this.clock.instant());
		List<Subscription> own = subscriptions(caller.tenant());
		List<String> ids = own.stream().map(Subscription::getId).toList();
		Map<String, String> urls = own.stream().collect(Collectors.toMap(Subscription::getId, Subscription::getUrl));
		return this.forwarding
			.gather(request, () -> Optional.of(this.history.report(ids, query)), DeliveryReport.Part.class)
			.map(parts -> HistoryForwarding.forwarded(request) ? parts.get(0)
					: DeliveryReport.of(caller.tenant(), query, parts, id -> urls.getOrDefault(id, "")));
	}

	private List<Subscription> subscriptions(String tenant) {
		return this.subscriptions.values()
			.stream()
			.filter(subscription -> subscription.getTenant().equals(tenant))
			.toList();
	}

	private TenantHealth whole(String tenant, Instant now, List<Subscription> own, TenantHealth.Part attempts) {
		long retrying = 0;
		long deadLettered = 0;
		for (Subscription subscription : own) {
			SubscriptionStats stats = this.view.counts(subscription.getId())
				.filter(counts -> counts.tenant().equals(tenant))
				.map(counts -> counts.summary(this.retention, now.toEpochMilli()))
				.orElse(SubscriptionStats.NONE);
			retrying += stats.failing();
			deadLettered += stats.deadLettered();
		}
		List<EndpointHealth> failing = own.stream()
			.flatMap(subscription -> this.endpoints.get(subscription.getId()).stream())
			.sorted(Comparator.comparing(EndpointHealth::getFailingSince))
			.toList();
		return new TenantHealth(tenant, now,
				new TenantHealth.Subscriptions(own.size(), own.stream().filter(Subscription::getActive).count()),
				TenantHealth.Attempts.of(attempts.hourSucceeded(), attempts.hourFailed()),
				TenantHealth.Attempts.of(attempts.daySucceeded(), attempts.dayFailed()),
				new TenantHealth.Deliveries(retrying, deadLettered),
				new TenantHealth.FailingEndpoints(failing.size(),
						failing.isEmpty() ? null : failing.get(0).getFailingSince(),
						failing.stream().limit(LISTED).map(EndpointHealth::getSubscriptionId).toList()));
	}

}
