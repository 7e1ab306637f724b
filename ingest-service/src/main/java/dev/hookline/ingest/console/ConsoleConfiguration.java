package dev.hookline.ingest.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * Serves the console's page at {@code /console}. Its scripts and stylesheet are static
 * resources under {@code /console/} (from {@code static/console}) and uPlot's webjar
 * under {@code /webjars/}; pages are routes in the URL's fragment, so this one page is
 * all the server answers.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

	@Bean
	RouterFunction<ServerResponse> consolePage(@Value("classpath:/static/console/index.html") Resource page) {
		return RouterFunctions.route(GET("/console").or(GET("/console/")),
				(request) -> ServerResponse.ok()
					.contentType(MediaType.TEXT_HTML)
					.cacheControl(CacheControl.noStore())
					.bodyValue(page));
	}

}
