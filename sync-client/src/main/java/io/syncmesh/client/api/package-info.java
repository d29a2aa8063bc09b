/** What the SDK's callers see of a sync: the events it reports and the refusal of an invalid local change. */
package io.syncmesh.client.api;
