package dev.hookline.bench.receiver;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class PathBehaviourTest {

	@Test
	void eachOutcomeComesWithItsConfiguredProbability() {
		PathBehaviour behaviour = parse(
				"{\"statusRate\":{\"500\":0.2},\"hangRate\":0.1,\"resetRate\":0.1,\"latency\":{\"type\":\"fixed\",\"ms\":5}}");
		Random random = new Random(7);
		Map<String, Integer> outcomes = new HashMap<>();
		for (int i = 0; i < 100_000; i++) {
			Decision decision = behaviour.decide(0, 0, random);
			outcomes.merge(decision.kind() + " " + decision.status(), 1, Integer::sum);
		}
		assertThat(outcomes.get("RESET 0")).isBetween(9_000, 11_000);
		assertThat(outcomes.get("HANG 0")).isBetween(9_000, 11_000);
		// 20 % of the 80 % that answer
		assertThat(outcomes.get("ANSWER 500")).isBetween(15_000, 17_000);
		assertThat(outcomes.get("ANSWER 200")).isBetween(63_000, 65_000);
	}

	@Test
	void answersWaitTheLatencyOfThePath() {
		Decision decision = parse("{\"latency\":{\"type\":\"fixed\",\"ms\":20}}").decide(0, 0, new Random(1));
		assertThat(decision).isEqualTo(Decision.answer(200, 20_000));
	}

	@Test
	void aTransientIdFailsItsFirstAttemptsThenSucceeds() {
		PathBehaviour behaviour = parse("{\"transientFailureRate\":1.0,\"transientAttempts\":2}");
		long id = WebhookIdLedger.key("msg_1");
		Random random = new Random(3);
		assertThat(behaviour.decide(id, 0, random).status()).isEqualTo(503);
		assertThat(behaviour.decide(id, 1, random).status()).isEqualTo(503);
		assertThat(behaviour.decide(id, 2, random).status()).isEqualTo(200);
	}

	@Test
	void theShareOfTransientIdsIsTheConfiguredRate() {
		PathBehaviour behaviour = parse("{\"transientFailureRate\":0.05}");
		Random random = new Random(5);
		int failing = 0;
		for (int i = 0; i < 100_000; i++) {
			failing += (behaviour.decide(WebhookIdLedger.key("msg_" + i), 0, random).status() == 503) ? 1 : 0;
		}
		assertThat(failing).isBetween(4_500, 5_500);
	}

	private static PathBehaviour parse(String json) {
		return PathBehaviour.parse(JsonMapper.shared().readTree(json));
	}

}
