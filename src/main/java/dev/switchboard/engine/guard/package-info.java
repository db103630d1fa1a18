/** Input and output guards on the request path; for now the request validator (step 1). */
package dev.switchboard.engine.guard;
