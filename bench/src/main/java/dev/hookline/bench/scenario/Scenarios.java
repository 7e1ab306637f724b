package dev.hookline.bench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios of issue 5 and the receiver behaviour of their endpoints. Events are
 * about 1 KB and spread over 1,000 tenants unless stated.
 */
final class Scenarios {

	static final String S1_LATENCY = "{\"type\":\"lognormal\",\"medianMs\":50,\"p99Ms\":300}";

	static final String ZERO_LATENCY = "{\"type\":\"fixed\",\"ms\":0}";

	private Scenarios() {
	}

	static String behaviour(String latency) {
		return "{\"latency\":" + latency + "}";
	}

	static String fixed(int ms) {
		return behaviour("{\"type\":\"fixed\",\"ms\":" + ms + "}");
	}

	/** S1: 5 subscribers per event, log-normal endpoints (median 50 ms, p99 300 ms). */
	static Scenario s1() {
		return new Scenario("S1", 1000, 5, 1024, (g) -> "/s1/", Map.of("/s1/", behaviour(S1_LATENCY)), List.of("/s1/"),
				300);
	}

	/** S2: 10 subscribers per event; 20 % of the endpoints take 2 s, the rest 20 ms. */
	static Scenario s2() {
		Map<String, String> behaviours = new LinkedHashMap<>();
		behaviours.put("/s2/fast/", fixed(20));
		behaviours.put("/s2/slow/", fixed(2000));
		return new Scenario("S2", 1000, 10, 1024, (g) -> (g % 10 < 2) ? "/s2/slow/" : "/s2/fast/", behaviours,
				List.of("/s2/fast/", "/s2/slow/"), 2000);
	}

	/**
	 * S3: 5 subscribers per event, S1's latency; 10 % of the endpoints always answer 500,
	 * 5 % fail half of the deliveries once (503, then 200 on the retry).
	 */
	static Scenario s3() {
		Map<String, String> behaviours = new LinkedHashMap<>();
		behaviours.put("/s3/ok/", behaviour(S1_LATENCY));
		behaviours.put("/s3/bad/", "{\"latency\":" + S1_LATENCY + ",\"statusRate\":{\"500\":1.0}}");
		behaviours.put("/s3/flaky/",
				"{\"latency\":" + S1_LATENCY + ",\"transientFailureRate\":0.5,\"transientAttempts\":1}");
		return new Scenario("S3", 1000, 5, 1024, Scenarios::s3Group, behaviours, List.of("/s3/ok/"), 300);
	}

	private static String s3Group(int g) {
		int slot = g % 20;
		return (slot < 2) ? "/s3/bad/" : (slot == 2) ? "/s3/flaky/" : "/s3/ok/";
	}

	/**
	 * S4: 16 KB events, 50 subscribers per event, 10 ms endpoints; over 100 tenants
	 * (50,000 subscriptions over 1,000 tenants would be mostly table, not delivery).
	 */
	static Scenario s4() {
		return new Scenario("S4", 100, 50, 16 * 1024, (g) -> "/s4/", Map.of("/s4/", fixed(10)), List.of("/s4/"), 10);
	}

	/**
	 * Memory: 250 endpoints that each take 8 s, so that deliveries pile up in flight (40
	 * per endpoint, under the per-endpoint cap of 64) until the worker's cap.
	 */
	static Scenario memory() {
		return new Scenario("M", 250, 1, 1024, (g) -> "/mem/", Map.of("/mem/", fixed(8000)), List.of("/mem/"), 8000);
	}

}
