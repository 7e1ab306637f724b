package dev.hookline.schemas;

import java.util.ArrayList;
import java.util.List;

/**
 * The management settings every service starts with, as Spring Boot default properties
 * (any configuration file, variable or argument overrides them): Actuator's
 * {@code health} and {@code prometheus} endpoints on the service's management port, the
 * liveness and readiness groups ({@code /actuator/health/liveness},
 * {@code /actuator/health/readiness}) whatever the platform, and every component's status
 * shown, never its details.
 *
 * <p>
 * Readiness is Spring's {@code readinessState} and {@code kafka}
 * ({@link KafkaHealthIndicator}), and whatever else the service names; liveness is
 * Spring's {@code livenessState} and what the service names. The ports: ingest's API 8080
 * and its management 8081, the worker 8082, the router 8083.
 */
public final class ManagementDefaults {

	/** Ingest's management port, beside its API on 8080. */
	public static final int INGEST_PORT = 8081;

	/** The worker's management port. */
	public static final int WORKER_PORT = 8082;

	/** The router's management port. */
	public static final int ROUTER_PORT = 8083;

	private ManagementDefaults() {
	}

	/**
	 * @param portProperty {@code server.port} for a service whose only server is the
	 * management one, {@code management.server.port} for one that also serves an API
	 * @param readiness the service's own health components in readiness, beyond Kafka
	 * @param liveness the service's own health components in liveness
	 */
	public static String[] properties(String portProperty, int port, List<String> readiness, List<String> liveness) {
		List<String> ready = new ArrayList<>(List.of("readinessState", "kafka"));
		ready.addAll(readiness);
		List<String> live = new ArrayList<>(List.of("livenessState"));
		live.addAll(liveness);
		return new String[] { portProperty + "=" + port, "management.endpoints.web.exposure.include=health,prometheus",
				"management.endpoint.health.probes.enabled=true", "management.endpoint.health.show-components=always",
				"management.endpoint.health.group.readiness.include=" + String.join(",", ready),
				"management.endpoint.health.group.liveness.include=" + String.join(",", live) };
	}

}
