/** Which provider client serves which model, rebuilt when the providers section changes; alerts on refused keys. */
package dev.switchboard.engine.provider.registry;
