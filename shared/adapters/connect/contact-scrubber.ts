/**
 * Erasure's reach into Amazon Connect: Connect keeps its own contact records for 24 months and cannot
 * delete them, so a person's data there is scrubbed by setting every user-defined contact attribute to the
 * empty value (UpdateContactAttributes; Connect documents empty values as the way to remove attributes).
 * A contact Connect no longer has (ResourceNotFoundException) is reported, not an error.
 */
import {
  type ConnectClient,
  ResourceNotFoundException,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import type { ConnectAttributeScrubber } from '../../interactions/erasure.ts';

export class ConnectContactScrubber implements ConnectAttributeScrubber {
  constructor(
    private readonly connect: ConnectClient,
    private readonly instanceId: string,
  ) {}

  async scrub(contactId: string, keys: readonly string[]): Promise<'scrubbed' | 'not-found'> {
    try {
      await this.connect.send(
        new UpdateContactAttributesCommand({
          InstanceId: this.instanceId,
          InitialContactId: contactId,
          Attributes: Object.fromEntries(keys.map((k) => [k, ''])),
        }),
      );
      return 'scrubbed';
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return 'not-found';
      throw err;
    }
  }
}
