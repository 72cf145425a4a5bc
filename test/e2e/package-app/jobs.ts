// A job type of this app's own (none of the repository's): what a team writes after `npm install sqs-jobs`.
import { defineJob, defineJobs, PermanentJobError } from 'sqs-jobs';
import { z } from 'zod';

export default defineJobs({
  greet: defineJob({
    description: 'Greets someone by name',
    schema: z.object({ name: z.string().min(1), shout: z.boolean().optional() }),
    maxAttempts: 2,
    handler: async ({ name, shout }, { attempt }) => {
      if (name === 'nobody') throw new PermanentJobError('nobody cannot be greeted');
      const greeting = `Hello, ${name}!`;
      return { greeting: shout ? greeting.toUpperCase() : greeting, attempt };
    },
  }),
});
