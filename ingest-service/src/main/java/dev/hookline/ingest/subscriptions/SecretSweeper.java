package dev.hookline.ingest.subscriptions;

import java.time.Clock;
import java.time.Duration;

import dev.hookline.schemas.Subscription;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * Removes expired previous secrets from the subscriptions that still carry them, at
 * start-up and then every {@code hookline.ingest.subscriptions.secret-sweep-interval}, so
 * the topic stops holding ciphertext that no longer signs.
 *
 * <p>
 * Each rewrite is a {@link SubscriptionStore#update} at the version it saw, so an admin's
 * concurrent change is never overwritten: the sweep skips it (that change pruned the
 * secrets already). Finding the candidates reads the in-memory view only, so a sweep with
 * nothing expired costs a scan and writes and logs nothing. Failures are logged and the
 * next sweep tries again.
 */
final class SecretSweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SecretSweeper.class);

	private final SubscriptionStore store;

	private final Duration interval;

	private final Clock clock;

	private @Nullable Disposable running;

	SecretSweeper(SubscriptionStore store, Duration interval, Clock clock) {
		this.store = store;
		this.interval = interval;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		this.running = Flux.interval(Duration.ZERO, this.interval, Schedulers.parallel())
			.onBackpressureDrop()
			.concatMap((tick) -> sweep(), 1)
			.subscribe();
	}

	/** One sweep; completes with how many subscriptions were rewritten. */
	Mono<Long> sweep() {
		return Flux.defer(() -> Flux.fromIterable(this.store.withExpiredSecrets(this.clock.instant())))
			.concatMap(this::prune)
			.count()
			.doOnNext((pruned) -> {
				if (pruned > 0) {
					log.info("removed expired previous secrets from {} subscription(s)", pruned);
				}
			})
			.onErrorResume((ex) -> {
				log.warn("the sweep of expired previous secrets failed; retrying in {}: {}", this.interval,
						ex.toString());
				return Mono.just(0L);
			});
	}

	private Mono<Subscription> prune(Subscription subscription) {
		// the store drops expired previous secrets on every update: no change needed
		return this.store
			.update(subscription.getTenant(), subscription.getId(), subscription.getVersion(), (current) -> current)
			.flatMap(Mono::justOrEmpty)
			.onErrorResume(VersionMismatchException.class, (ex) -> Mono.empty());
	}

	@Override
	public synchronized void stop() {
		if (this.running != null) {
			this.running.dispose();
			this.running = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running != null;
	}

}
