// Async job status: queryAsyncJobResult and listAsyncJobs.
import { idParam, ownerListParams, pagingParams, param } from '../catalog/params.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import { asyncJobView } from '../views/misc.js';
import { canAccess, listOf, matchesKeyword, ownerScope } from './listing.js';
import { defineApi } from './types.js';

export const jobApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'queryAsyncJobResult',
      description:
        'Reports an async job: jobstatus 0 while it runs, 1 with jobresult when it succeeded, 2 with errorcode and errortext when it failed.',
      isAsync: false,
      related: ['listAsyncJobs'],
      params: [idParam('jobid', 'job', 'ID of the job', { required: true })],
      response: asyncJobView.fields,
    },
    handle(ctx) {
      const job = ctx.store.jobs.get(ctx.params.requiredId('jobid'));
      if (!job) throw invalidParameter('Unable to find the job');
      if (!canAccess(ctx, job.accountId)) throw permissionDenied(`Caller cannot see job ${job.id}`);
      return asyncJobView.render(job, ctx.rc);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listAsyncJobs',
      description: "Lists async jobs: the caller's own, or with listall every one it may see.",
      isAsync: false,
      related: ['queryAsyncJobResult'],
      params: [
        param('startdate', 'date', 'only jobs created on or after this date (yyyy-MM-dd)'),
        ...ownerListParams('jobs').filter((p) => p.name !== 'projectid'),
        ...pagingParams,
      ],
      response: asyncJobView.fields,
    },
    handle(ctx) {
      const inScope = ownerScope(ctx);
      const start = ctx.params.text('startdate');
      const startTime = start === undefined ? undefined : Date.parse(`${start.replace(' ', 'T')}Z`);
      const keyword = ctx.params.text('keyword');
      const items = [...ctx.store.jobs.all()].filter(
        (j) =>
          inScope(j.accountId) &&
          (startTime === undefined || j.created >= startTime) &&
          matchesKeyword(keyword, j.cmd),
      );
      return listOf(ctx, 'asyncjobs', items, asyncJobView);
    },
  }),
];
