import { z } from '@hono/zod-openapi';
import { projectStatuses } from '../db/schema/projects.ts';

/** A project as the API answers it (seed 004 story 6.1). */
export const ProjectSchema = z
  .object({
    id: z.string(),
    app_id: z.string().nullable(),
    name: z.string(),
    type: z.string(),
    status: z.enum(projectStatuses),
    job_count: z.number().int().openapi({ description: 'Live jobs in the project' }),
    asset_count: z.number().int().openapi({ description: 'Live assets of those jobs (what goes to the trash with the project)' }),
    last_job_at: z.string().nullable(),
    thumbnail_url: z.string().nullable().openapi({ description: "A signed URL of the project's thumbnail, else its newest image; null when it has none" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Project');

/** A page of `GET /api/v1/projects`. */
export const ProjectListSchema = z
  .object({
    projects: z.array(ProjectSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    has_more: z.boolean(),
    types: z.array(z.string()).openapi({ description: 'The types of all your live projects, whatever the filters (for a type filter)' }),
  })
  .openapi('ProjectList');
