import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Node } from '../../common/node';
import { nodeService } from './node.service';

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global id; null when it does not exist or is not visible.',
  })
  node(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nodeService.find(ctx, id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'Several objects by global id, in the order asked (null where not found).',
  })
  nodes(@Ctx() ctx: RequestContext, @Arg('ids', () => [ID]) ids: string[]) {
    return nodeService.findMany(ctx, ids);
  }
}
