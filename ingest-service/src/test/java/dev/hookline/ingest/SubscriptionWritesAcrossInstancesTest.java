package dev.hookline.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.hookline.ingest.SubscriptionRequests.get;
import static dev.hookline.ingest.SubscriptionRequests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ingest instances changing the same subscriptions at the same moment, on a real
 * broker: every write is a compare-and-set on the latest version, so no change undoes
 * another, a stale {@code If-Match} loses on every instance, and a deleted subscription
 * stays deleted.
 */
@EmbeddedKafka(partitions = 2)
class SubscriptionWritesAcrossInstancesTest {

	private static RunningIngest first;

	private static RunningIngest second;

	private static ExecutorService threads;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		Path keyset = dir.resolve("keyset.json");
		first = RunningIngest.start(broker.getBrokersAsString(), keyset, "hookline.local-mode=true");
		second = RunningIngest.start(broker.getBrokersAsString(), keyset, "hookline.local-mode=true");
		threads = Executors.newFixedThreadPool(8);
	}

	@AfterAll
	static void stop() {
		threads.shutdownNow();
		second.close();
		first.close();
	}

	@Test
	void concurrentPatchesOnTwoInstancesAreAllKept() {
		String id = create();
		int patches = 12;
		List<CompletableFuture<Integer>> answers = new ArrayList<>();
		for (int i = 0; i < patches; i++) {
			WebTestClient admin = client(i);
			String header = "X-Change-" + i;
			answers.add(async(
					() -> status(patch(admin, id, null, "{\"headers\":{\"" + header + "\":\"" + header + "\"}}"))));
		}

		assertThat(answers).extracting(CompletableFuture::join).containsOnly(200);
		JsonNode kept = get(first.client(TestKeys.ACME_ADMIN), id);
		assertThat(kept.path("headers").size()).as("no change lost: %s", kept.path("headers")).isEqualTo(patches);
		assertThat(kept.path("version").asLong()).isEqualTo(1 + patches);
	}

	@Test
	void ofTwoChangesMadeFromTheSameVersionOnTwoInstancesOnlyOneIsApplied() {
		for (int round = 0; round < 5; round++) {
			String id = create();
			CompletableFuture<Integer> onFirst = async(() -> status(
					patch(first.client(TestKeys.ACME_ADMIN), id, "\"1\"", "{\"url\":\"https://example.com/first\"}")));
			CompletableFuture<Integer> onSecond = async(() -> status(patch(second.client(TestKeys.ACME_ADMIN), id,
					"\"1\"", "{\"url\":\"https://example.com/second\"}")));

			assertThat(List.of(onFirst.join(), onSecond.join())).containsExactlyInAnyOrder(200, 412);
			JsonNode kept = get(second.client(TestKeys.ACME_ADMIN), id);
			assertThat(kept.path("version").asLong()).isEqualTo(2);
			assertThat(kept.path("url").asString())
				.isEqualTo((onFirst.join() == 200) ? "https://example.com/first" : "https://example.com/second");
		}
	}

	@Test
	void aSubscriptionDeletedOnOneInstanceIsNeverRevivedByAChangeOnTheOther() {
		for (int round = 0; round < 5; round++) {
			String id = create();
			CompletableFuture<Integer> deleted = async(() -> status(
					first.client(TestKeys.ACME_ADMIN).delete().uri("/v1/subscriptions/{id}", id).exchange()));
			CompletableFuture<Integer> changed = async(
					() -> status(patch(second.client(TestKeys.ACME_ADMIN), id, null, "{\"description\":\"changed\"}")));

			assertThat(deleted.join()).isEqualTo(204);
			assertThat(changed.join()).isIn(200, 404);
			for (RunningIngest instance : List.of(first, second)) {
				instance.client(TestKeys.ACME_ADMIN)
					.get()
					.uri("/v1/subscriptions/{id}", id)
					.exchange()
					.expectStatus()
					.isNotFound();
			}
		}
	}

	private static int status(WebTestClient.ResponseSpec response) {
		return response.expectBody().returnResult().getStatus().value();
	}

	private static WebTestClient client(int i) {
		return ((i % 2 == 0) ? first : second).client(TestKeys.ACME_ADMIN);
	}

	private static <T> CompletableFuture<T> async(Supplier<T> call) {
		return CompletableFuture.supplyAsync(call, threads).orTimeout(2, TimeUnit.MINUTES);
	}

	private static String create() {
		return SubscriptionRequests
			.create(first.client(TestKeys.ACME_ADMIN), "{\"url\":\"https://example.com/hook\",\"eventTypes\":[\"*\"]}")
			.path("id")
			.asString();
	}

}
