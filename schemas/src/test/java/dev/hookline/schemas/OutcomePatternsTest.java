package dev.hookline.schemas;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomePatternsTest {

	@Test
	void aStatusAClassAndAnErrorAreTheThreeForms() {
		assertThat(OutcomePatterns.isValid("503")).isTrue();
		assertThat(OutcomePatterns.isValid("5xx")).isTrue();
		assertThat(OutcomePatterns.isValid("connect_error")).isTrue();

		assertThat(OutcomePatterns.isValid("999")).as("no such status class").isFalse();
		assertThat(OutcomePatterns.isValid("6xx")).isFalse();
		assertThat(OutcomePatterns.isValid("50")).isFalse();
		assertThat(OutcomePatterns.isValid("_error")).isFalse();
		assertThat(OutcomePatterns.isValid("")).isFalse();
	}

	@Test
	void patternsAreReadInLowerCaseWithoutSpaces() {
		assertThat(OutcomePatterns.normalize(" 5XX ")).isEqualTo("5xx");
		assertThat(OutcomePatterns.normalize("Timeout")).isEqualTo("timeout");
	}

	@Test
	void aStatusMatchesExactlyAClassByItsFirstDigitAndAnErrorByName() {
		assertThat(OutcomePatterns.matches("503", 503, null)).isTrue();
		assertThat(OutcomePatterns.matches("503", 500, null)).isFalse();
		assertThat(OutcomePatterns.matches("5xx", 500, null)).isTrue();
		assertThat(OutcomePatterns.matches("5xx", 429, null)).isFalse();
		assertThat(OutcomePatterns.matches("timeout", null, "timeout")).isTrue();
		assertThat(OutcomePatterns.matches("timeout", null, "connect_error")).isFalse();
	}

	@Test
	void anAttemptWithoutAnAnswerMatchesNoStatusAndOneWithAnAnswerNoError() {
		assertThat(OutcomePatterns.matches("5xx", null, "timeout")).isFalse();
		assertThat(OutcomePatterns.matches("503", null, "timeout")).isFalse();
		assertThat(OutcomePatterns.matches("timeout", 503, null)).isFalse();
	}

}
