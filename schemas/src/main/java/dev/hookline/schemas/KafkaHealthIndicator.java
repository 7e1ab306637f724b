package dev.hookline.schemas;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the Kafka cluster answers a service: {@code UP} with the number of brokers when
 * a metadata request is answered within the timeout, {@code DOWN} with the reason
 * otherwise (unreachable, refused authentication, timed out). Each service registers it
 * as {@code kafka} and puts it in its readiness group, never in liveness: a Kafka outage
 * must not have every instance restarted.
 *
 * <p>
 * Spring Boot has no Kafka health indicator, and the usual alternative, a producer probe,
 * would write; this reads cluster metadata with one long-lived {@link Admin} client
 * (which reconnects by itself), so a probe costs one request.
 */
public final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {

	private final Admin admin;

	private final Duration timeout;

	/**
	 * @param clientId the admin client's id, as brokers and their logs will name it
	 * @param timeout how long a probe waits for the cluster
	 */
	public KafkaHealthIndicator(KafkaSettings settings, String clientId, Duration timeout) {
		this.admin = settings.admin(clientId, timeout);
		this.timeout = timeout;
	}

	@Override
	public Health health() {
		DescribeClusterResult cluster = this.admin
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()));
		try {
			int brokers = cluster.nodes().get(this.timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size();
			return Health.up().withDetail("brokers", brokers).build();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return Health.down()
				.withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
				.build();
		}
		catch (TimeoutException ex) {
			return Health.down().withDetail("error", "no answer within " + this.timeout).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.down().withDetail("error", "interrupted").build();
		}
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(1));
	}

}
