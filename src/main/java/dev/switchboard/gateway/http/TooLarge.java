package dev.switchboard.gateway.http;

import io.netty.handler.codec.http.HttpRequest;

/**
 * A request whose body was over the limit, passed down the pipeline in its place (its body is discarded) so it is
 * answered in turn like any other request, in the caller's own error format.
 *
 * @param closeAfter close the connection once answered: the caller may never send the body it announced
 */
record TooLarge(HttpRequest head, boolean closeAfter) {
}
