package dev.hookline.sender.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CappedBodyTest {

	@Test
	void theSnippetKeepsOnlyTheFirstBytesAcrossChunks() {
		CappedBody body = new CappedBody(100, 5);
		body.append(Unpooled.wrappedBuffer("abc".getBytes(StandardCharsets.UTF_8)));
		body.append(Unpooled.wrappedBuffer("defgh".getBytes(StandardCharsets.UTF_8)));
		assertThat(body.snippet()).isEqualTo("abcde");
		assertThat(body.full()).isFalse();
	}

	@Test
	void theCapIsReachedOnceEnoughBytesWereRead() {
		CappedBody body = new CappedBody(8, 2);
		body.append(Unpooled.wrappedBuffer(new byte[5]));
		assertThat(body.full()).isFalse();
		body.append(Unpooled.wrappedBuffer(new byte[5]));
		assertThat(body.full()).isTrue();
	}

	@Test
	void anEmptyBodyHasNoSnippet() {
		assertThat(new CappedBody(10, 5).snippet()).isNull();
	}

	@Test
	void aMultiByteCharacterCutByTheSnippetSizeIsLeftOut() {
		// "é" is two bytes, "€" three: a 4-byte snippet of "aé€" holds "aé" and one byte
		// of "€"
		CappedBody body = new CappedBody(100, 4);
		body.append(Unpooled.wrappedBuffer("aé€".getBytes(StandardCharsets.UTF_8)));
		assertThat(body.snippet()).isEqualTo("aé");
	}

	@Test
	void aCompleteMultiByteCharacterAtTheEndIsKept() {
		CappedBody body = new CappedBody(100, 6);
		body.append(Unpooled.wrappedBuffer("aé€x".getBytes(StandardCharsets.UTF_8)));
		assertThat(body.snippet()).isEqualTo("aé€");
	}

}
