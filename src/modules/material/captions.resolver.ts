import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { Actor } from '../actor';
import { captionReportService } from './caption-report.service';
import { CaptionReportRow } from './caption-report.types';
import { AccessibilityIssue, accessibilityIssues, captionsMissing, issueMessage } from './captions';
import { CaptionReportFilter } from './captions.inputs';
import { SharedMaterial, VideoDetails } from './material.entity';

/** Captions of videos: what is missing, the issues it makes, and the report per publisher. */
@Resolver(() => SharedMaterial)
export class MaterialCaptionsResolver {
  @FieldResolver(() => [Language], {
    description:
      'Spoken languages of a VIDEO without captions (empty also when no spoken language is given: see CAPTIONS_UNKNOWN).',
  })
  captionsMissing(@Root() m: SharedMaterial): Language[] {
    return captionsMissing(m);
  }

  @FieldResolver(() => [AccessibilityIssue], {
    description:
      'Accessibility issues: videos without captions in a spoken language, or without spoken languages given.',
  })
  accessibilityIssues(@Root() m: SharedMaterial): AccessibilityIssue[] {
    return accessibilityIssues(m);
  }

  @Query(() => [CaptionReportRow], {
    description:
      'Captioning of PUBLISHED videos per publisher, with the overdue videos: coordinators (every publisher) and editors (their own actor).',
  })
  captionReport(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => CaptionReportFilter, { nullable: true }) filter?: CaptionReportFilter,
  ): Promise<CaptionReportRow[]> {
    return captionReportService.report(ctx, filter);
  }
}

@Resolver(() => VideoDetails)
export class VideoCaptionsResolver {
  @FieldResolver(() => [Language], {
    description:
      'Languages spoken in the video; empty when not given (see `SharedMaterial.accessibilityIssues`).',
  })
  spokenLanguages(@Root() video: VideoDetails): Language[] {
    // Videos stored before this field existed have none (the migration adds an empty list).
    return video.spokenLanguages ?? [];
  }
}

@Resolver(() => AccessibilityIssue)
export class AccessibilityIssueResolver {
  @FieldResolver(() => String, { description: 'The issue explained, in `lang` or the request’s language.' })
  message(
    @Root() issue: AccessibilityIssue,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ): string {
    return issueMessage(issue, lang ?? ctx.lang);
  }
}

@Resolver(() => CaptionReportRow)
export class CaptionReportRowResolver {
  @FieldResolver(() => Actor)
  publisher(@Root() row: CaptionReportRow): Actor {
    return row.publisher;
  }
}
