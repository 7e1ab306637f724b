package dev.hookline.bench.receiver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReceiverConfigTest {

	@Test
	void aPathTakesTheBehaviourOfItsLongestPrefix() {
		ReceiverConfig config = ReceiverConfig.parse("""
				{"paths":{
				  "/a/":{"latency":{"type":"fixed","ms":20}},
				  "/a/slow/":{"latency":{"type":"fixed","ms":2000}}}}""");
		assertThat(config.match("/a/slow/s1").prefix()).isEqualTo("/a/slow/");
		assertThat(config.match("/a/slow/s1").behaviour().latency()).isEqualTo(new Latency.Fixed(2000));
		assertThat(config.match("/a/fast/s1").prefix()).isEqualTo("/a/");
	}

	@Test
	void aPathUnderNoPrefixIsAnsweredAtOnceUnderTheRoot() {
		ReceiverConfig.Match match = ReceiverConfig.parse("{\"paths\":{\"/a/\":{}}}").match("/other");
		assertThat(match.prefix()).isEqualTo("/");
		assertThat(match.behaviour()).isEqualTo(PathBehaviour.OK);
	}

	@Test
	void everyFieldOfTheContractIsRead() {
		PathBehaviour behaviour = ReceiverConfig.parse("""
				{"paths":{"/x/":{"latency":{"type":"lognormal","medianMs":50,"p99Ms":300},
				  "statusRate":{"500":0.1,"429":0.05},"transientFailureRate":0.05,"transientAttempts":2,
				  "hangRate":0.01,"resetRate":0.02}}}""").match("/x/1").behaviour();
		assertThat(behaviour.latency()).isEqualTo(new Latency.LogNormal(50, 300));
		assertThat(behaviour.statusRates()).isEqualTo(Map.of(500, 0.1, 429, 0.05));
		assertThat(behaviour.transientFailureRate()).isEqualTo(0.05);
		assertThat(behaviour.transientAttempts()).isEqualTo(2);
		assertThat(behaviour.hangRate()).isEqualTo(0.01);
		assertThat(behaviour.resetRate()).isEqualTo(0.02);
		assertThat(behaviour.verifier()).isNull();
	}

	@Test
	void aMistakeIsReportedWithTheFieldItIsIn() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReceiverConfig.parse("{\"paths\":{\"/x/\":{\"hangrate\":0.1}}}"))
			.withMessageContaining("paths[/x/]")
			.withMessageContaining("hangrate");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReceiverConfig.parse("{\"paths\":{\"/x/\":{\"statusRate\":{\"500\":1.5}}}}"))
			.withMessageContaining("between 0 and 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReceiverConfig.parse("{\"paths\":{\"/x/\":{\"statusRate\":{\"5xx\":0.1}}}}"))
			.withMessageContaining("5xx");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReceiverConfig.parse("{\"paths\":{\"/x/\":{\"hangRate\":0.6,\"resetRate\":0.6}}}"))
			.withMessageContaining("hangRate + resetRate");
	}

	@Test
	void prefixesOfTheControlEndpointsAndNonJsonAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReceiverConfig.parse("{\"paths\":{\"/_stats\":{}}}"))
			.withMessageContaining("/_");
		assertThatIllegalArgumentException().isThrownBy(() -> ReceiverConfig.parse("{paths"))
			.withMessageContaining("not JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> ReceiverConfig.parse("{\"routes\":{}}"))
			.withMessageContaining("paths");
	}

}
