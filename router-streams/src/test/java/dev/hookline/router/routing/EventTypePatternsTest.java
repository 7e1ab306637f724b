package dev.hookline.router.routing;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypePatternsTest {

	@Test
	void anExactPatternMatchesOnlyThatType() {
		assertThat(EventTypePatterns.matches("post.created", "post.created")).isTrue();
		assertThat(EventTypePatterns.matches("post.created", "post.updated")).isFalse();
		assertThat(EventTypePatterns.matches("post.created", "post.created.v2")).isFalse();
		assertThat(EventTypePatterns.matches("post.created", "post")).isFalse();
	}

	@Test
	void aPrefixPatternMatchesEveryTypeBelowThePrefix() {
		assertThat(EventTypePatterns.matches("post.*", "post.created")).isTrue();
		assertThat(EventTypePatterns.matches("post.*", "post.comment.added")).isTrue();
	}

	@Test
	void aPrefixPatternMatchesNeitherThePrefixItselfNorALongerWord() {
		assertThat(EventTypePatterns.matches("post.*", "post")).isFalse();
		assertThat(EventTypePatterns.matches("post.*", "post.")).isFalse();
		assertThat(EventTypePatterns.matches("post.*", "poster.x")).isFalse();
		assertThat(EventTypePatterns.matches("post.*", "blog.post.created")).isFalse();
	}

	@Test
	void theWildcardMatchesEveryType() {
		assertThat(EventTypePatterns.matches("*", "post.created")).isTrue();
		assertThat(EventTypePatterns.matches("*", "x")).isTrue();
	}

	@Test
	void aStarAnywhereElseIsAnOrdinaryCharacter() {
		assertThat(EventTypePatterns.matches("*.created", "post.created")).isFalse();
		assertThat(EventTypePatterns.matches("post*", "post.created")).isFalse();
		assertThat(EventTypePatterns.matches("post.*.added", "post.comment.added")).isFalse();
		assertThat(EventTypePatterns.matches("*.created", "*.created")).isTrue();
	}

	@Test
	void aListMatchesWhenAnyOfItsPatternsMatches() {
		assertThat(EventTypePatterns.anyMatches(List.of("user.deleted", "post.*"), "post.created")).isTrue();
		assertThat(EventTypePatterns.anyMatches(List.of("user.deleted", "post.*"), "user.created")).isFalse();
	}

	@Test
	void anEmptyListMatchesNothing() {
		assertThat(EventTypePatterns.anyMatches(List.of(), "post.created")).isFalse();
	}

}
