import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { AwsError } from '../../../../src/lib/errors.js';
import { matchesEventPattern, parseEventPattern } from '../../../../src/core/events/event-pattern.js';

/**
 * LocalStack's AWS-validated event pattern cases (tests/aws/services/events/event_pattern_templates): each pattern
 * and event was put to EventBridge's TestEventPattern. Envelope fields no pattern names are left out of the events.
 */
interface MatchRow {
  name: string;
  pattern: unknown;
  event: unknown;
  matches: boolean;
}

const matchRows: MatchRow[] = [
  { name: 'arrays', pattern: {"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f","arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f","arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]}, event: {"source":"test-source","detail-type":"test-detail-type","resources":["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate","arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}, matches: true },
  { name: 'arrays_NEG', pattern: {"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f","arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f","arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]}, event: {"source":"test-source","detail-type":"test-detail-type","resources":["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate"]}, matches: false },
  { name: 'arrays_empty_null_NEG', pattern: {"resources":[null]}, event: {"source":"test-source","detail-type":"test-detail-type","resources":[]}, matches: false },
  { name: 'boolean', pattern: {"boolean":[false]}, event: {"source":"test-source","detail-type":"test-detail-type","boolean":false}, matches: true },
  { name: 'boolean_NEG', pattern: {"boolean":[false]}, event: {"source":"test-source","detail-type":"test-detail-type","boolean":true}, matches: false },
  { name: 'complex_many_rules', pattern: {"source":[{"exists":true}],"detail-type":[{"prefix":"core.app"}],"detail":{"description":["this-is-event-details"],"amount":[200],"salary":[2000,4000],"env":["dev","prod"],"user":["user1","user2","user3"],"admins":["skyli",{"prefix":"hey"},{"prefix":"ad"}],"test1":[{"anything-but":200}],"test2":[{"anything-but":"test2"}],"test3":[{"anything-but":["test3","test33"]}],"test4":[{"anything-but":{"prefix":"test4"}}],"num-test1":[{"numeric":["<",200]}],"num-test2":[{"numeric":["<=",200]}],"num-test3":[{"numeric":[">",200]}],"num-test4":[{"numeric":[">=",200]}],"num-test5":[{"numeric":[">=",200,"<=",500]}],"num-test6":[{"numeric":[">",200,"<",500]}],"num-test7":[{"numeric":[">=",200,"<",500]}]}}, event: {"EventBusName":"my-event-bus-name","source":"core.update-account-command","detail-type":"core.app.backend","detail":{"description":"this-is-event-details","amount":200,"salary":2000,"env":"prod","user":"user3","admins":"admin","test1":300,"test2":"test22","test3":"test333","test4":"this test4","ip":"10.102.1.100","num-test1":100,"num-test2":200,"num-test3":300,"num-test4":200,"num-test5":500,"num-test6":300,"num-test7":300}}, matches: true },
  { name: 'complex_multi_match', pattern: {"time":[{"prefix":"2022-07-13"}],"detail":{"state":[{"anything-but":"initializing"}],"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"anything-but":[100,200,300]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","time":"2022-07-13T13:48:01Z","detail":{"state":"processing","c-count":3,"d-count":9,"x-limit":999}}, matches: true },
  { name: 'complex_multi_match_NEG', pattern: {"time":[{"prefix":"2022-07-13"}],"detail":{"state":[{"anything-but":"initializing"}],"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"anything-but":[100,200,300]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","time":"2022-07-13T13:48:01Z","detail":{"state":"processing","c-count":3,"d-count":9,"x-limit":300}}, matches: false },
  { name: 'complex_or', pattern: {"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]},{"x-limit":[{"numeric":["=",301.8]}]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"c-count":0,"d-count":0,"x-limit":901.8}}, matches: true },
  { name: 'complex_or_NEG', pattern: {"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]},{"x-limit":[{"numeric":["=",301.8]}]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"c-count":0,"d-count":10,"x-limit":901.8}}, matches: false },
  { name: 'content_anything_but_ignorecase', pattern: {"detail":{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"pending"}}, matches: true },
  { name: 'content_anything_but_ignorecase_NEG', pattern: {"detail":{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"INITIALIZING"}}, matches: false },
  { name: 'content_anything_but_ignorecase_list', pattern: {"detail":{"state":[{"anything-but":{"equals-ignore-case":["initializing","stopped"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"pending"}}, matches: true },
  { name: 'content_anything_but_ignorecase_list_NEG', pattern: {"detail":{"state":[{"anything-but":{"equals-ignore-case":["initializing","stopped"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"Stopped"}}, matches: false },
  { name: 'content_anything_but_ignorecase_list_missing_NEG', pattern: {"detail":{"state":[{"anything-but":{"equals-ignore-case":["initializing","stopped"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_but_ignorecase_list_null', pattern: {"detail":{"state":[{"anything-but":{"equals-ignore-case":["initializing","stopped"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":null}}, matches: true },
  { name: 'content_anything_but_ignorecase_missing_NEG', pattern: {"detail":{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_but_ignorecase_null', pattern: {"detail":{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":null}}, matches: true },
  { name: 'content_anything_but_number', pattern: {"detail":{"x-limit":[{"anything-but":123}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"x-limit":789}}, matches: true },
  { name: 'content_anything_but_number_NEG', pattern: {"detail":{"x-limit":[{"anything-but":123}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"x-limit":123}}, matches: false },
  { name: 'content_anything_but_number_list', pattern: {"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"x-limit":999}}, matches: true },
  { name: 'content_anything_but_number_list_NEG', pattern: {"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"x-limit":100}}, matches: false },
  { name: 'content_anything_but_number_zero', pattern: {"detail":{"x-limit":[{"anything-but":0}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"x-limit":789}}, matches: true },
  { name: 'content_anything_but_string', pattern: {"detail":{"state":[{"anything-but":"initializing"}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"pending"}}, matches: true },
  { name: 'content_anything_but_string_NEG', pattern: {"detail":{"state":[{"anything-but":"initializing"}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"initializing"}}, matches: false },
  { name: 'content_anything_but_string_list', pattern: {"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"pending"}}, matches: true },
  { name: 'content_anything_but_string_list_NEG', pattern: {"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"stopped"}}, matches: false },
  { name: 'content_anything_but_string_list_missing_NEG', pattern: {"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_but_string_list_null', pattern: {"detail":{"state":[{"anything-but":["stopped","running"]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":null}}, matches: true },
  { name: 'content_anything_but_string_missing_NEG', pattern: {"detail":{"state":[{"anything-but":"initializing"}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_but_string_null', pattern: {"detail":{"state":[{"anything-but":"initializing"}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":null}}, matches: true },
  { name: 'content_anything_prefix', pattern: {"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"post-init"}}, matches: true },
  { name: 'content_anything_prefix_NEG', pattern: {"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"init-prefix"}}, matches: false },
  { name: 'content_anything_prefix_int_value', pattern: {"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":12}}, matches: true },
  { name: 'content_anything_prefix_list', pattern: {"detail":{"state":[{"anything-but":{"prefix":["init","test"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"post-init"}}, matches: true },
  { name: 'content_anything_prefix_list_NEG', pattern: {"detail":{"state":[{"anything-but":{"prefix":["init","post"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"post-init"}}, matches: false },
  { name: 'content_anything_prefix_list_int', pattern: {"detail":{"state":[{"anything-but":{"prefix":["init","test"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":12}}, matches: true },
  { name: 'content_anything_prefix_list_missing_NEG', pattern: {"detail":{"state":[{"anything-but":{"prefix":["init","post"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_prefix_list_null', pattern: {"detail":{"state":[{"anything-but":{"prefix":["init","test"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":null}}, matches: true },
  { name: 'content_anything_prefix_missing_NEG', pattern: {"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_prefix_null', pattern: {"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":null}}, matches: true },
  { name: 'content_anything_suffix', pattern: {"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FileName":"file.txt.bak"}}, matches: true },
  { name: 'content_anything_suffix_NEG', pattern: {"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FileName":"file.txt"}}, matches: false },
  { name: 'content_anything_suffix_list', pattern: {"detail":{"FileName":[{"anything-but":{"suffix":[".txt",".jpg"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FileName":"file.txt.bak"}}, matches: true },
  { name: 'content_anything_suffix_list_NEG', pattern: {"detail":{"FileName":[{"anything-but":{"suffix":[".txt",".jpg"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FileName":"file.jpg"}}, matches: false },
  { name: 'content_anything_suffix_list_missing_NEG', pattern: {"detail":{"FileName":[{"anything-but":{"suffix":[".txt",".jpg"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_suffix_list_null', pattern: {"detail":{"FileName":[{"anything-but":{"suffix":[".txt",".jpg"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FileName":null}}, matches: true },
  { name: 'content_anything_suffix_missing_NEG', pattern: {"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_suffix_null', pattern: {"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FileName":null}}, matches: true },
  { name: 'content_anything_wildcard', pattern: {"detail":{"FilePath":[{"anything-but":{"wildcard":"*/dir/*"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FilePath":"dir/init/file"}}, matches: true },
  { name: 'content_anything_wildcard_NEG', pattern: {"detail":{"FilePath":[{"anything-but":{"wildcard":"*/init/*"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FilePath":"dir/init/file"}}, matches: false },
  { name: 'content_anything_wildcard_empty', pattern: {"detail":{"FilePath":[{"anything-but":{"wildcard":""}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FilePath":"dir/init/file"}}, matches: true },
  { name: 'content_anything_wildcard_int', pattern: {"detail":{"FilePath":[{"anything-but":{"wildcard":"*/dir/*"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FilePath":123}}, matches: true },
  { name: 'content_anything_wildcard_list', pattern: {"detail":{"state":[{"anything-but":{"wildcard":["*/init/*","*/dir/*"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"dir/post/dir"}}, matches: true },
  { name: 'content_anything_wildcard_list_NEG', pattern: {"detail":{"state":[{"anything-but":{"wildcard":["*/init/*","*/dir/*"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"dir/init/dir"}}, matches: false },
  { name: 'content_anything_wildcard_list_missing_NEG', pattern: {"detail":{"state":[{"anything-but":{"wildcard":["*/init/*","*/dir/*"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_wildcard_list_null', pattern: {"detail":{"state":[{"anything-but":{"wildcard":["*/init/*","*/dir/*"]}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":null}}, matches: true },
  { name: 'content_anything_wildcard_missing_NEG', pattern: {"detail":{"FilePath":[{"anything-but":{"wildcard":"*/init/*"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{}}, matches: false },
  { name: 'content_anything_wildcard_null', pattern: {"detail":{"FilePath":[{"anything-but":{"wildcard":"*/dir/*"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FilePath":null}}, matches: true },
  { name: 'content_exists', pattern: {"detail":{"state":[{"exists":true}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"instance-id":"i-abcd1111","state":"pending"}}, matches: true },
  { name: 'content_exists_NEG', pattern: {"detail":{"state":[{"exists":true}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"c-count":{"c1":100}}}, matches: false },
  { name: 'content_exists_false', pattern: {"detail":{"level1":{"level2:":{"level3":{"level4":[{"exists":false}]}}}}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"level1":{"level2":"l2 value"}}}, matches: true },
  { name: 'content_exists_false_NEG', pattern: {"detail":{"level1":{"level2":{"level3":{"level4":[{"exists":false}]}}}}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"level1":{"level2":{"level3":{"level4":"l4 value"}}}}}, matches: false },
  { name: 'content_ignorecase', pattern: {"detail-type":[{"equals-ignore-case":"ec2 instance state-change notification"}]}, event: {"source":"test-source","detail-type":["EC2 Instance State-change Notification"]}, matches: true },
  { name: 'content_ignorecase_NEG', pattern: {"detail-type":[{"equals-ignore-case":"I do not match"}]}, event: {"source":"test-source","detail-type":["EC2 Instance State-change Notification"]}, matches: false },
  { name: 'content_ignorecase_empty', pattern: {"detail":{"value":[{"equals-ignore-case":""}]}}, event: {"source":"test-source","detail-type":"random-value","detail":{"value":""}}, matches: true },
  { name: 'content_ignorecase_empty_NEG', pattern: {"detail":{"value":[{"equals-ignore-case":""}]}}, event: {"source":"test-source","detail-type":"random-value","detail":{"value":"test-value"}}, matches: false },
  { name: 'content_ip_address', pattern: {"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"sourceIPAddress":"10.0.0.255"}}, matches: true },
  { name: 'content_ip_address_NEG', pattern: {"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"sourceIPAddress":"10.0.0.256"}}, matches: false },
  { name: 'content_ip_address_bad_type_NEG', pattern: {"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"sourceIPAddress":123}}, matches: false },
  { name: 'content_ip_address_v6', pattern: {"detail":{"sourceIPAddress":[{"cidr":"2001:db8:1234:1a00::/64"}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"sourceIPAddress":"2001:0db8:1234:1a00:0000:0000:0000:0000"}}, matches: true },
  { name: 'content_ip_address_v6_NEG', pattern: {"detail":{"sourceIPAddress":[{"cidr":"2001:db8:1234:1a00::/64"}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"sourceIPAddress":"2001:0db8:123f:1a01:0000:0000:0000:0000"}}, matches: false },
  { name: 'content_numeric_and', pattern: {"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"numeric":["=",301.8]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"c-count":3,"d-count":9,"x-limit":301.8}}, matches: true },
  { name: 'content_numeric_and_NEG', pattern: {"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"numeric":["=",301.8]}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"c-count":42,"d-count":9,"x-limit":301.8}}, matches: false },
  { name: 'content_prefix', pattern: {"time":[{"prefix":"2022-07-13"}]}, event: {"source":"test-source","detail-type":"test-detail-type","time":"2022-07-13T13:48:01Z"}, matches: true },
  { name: 'content_prefix_NEG', pattern: {"time":[{"prefix":"2022-07-99"}]}, event: {"source":"test-source","detail-type":"test-detail-type","time":"2022-07-13T13:48:01Z"}, matches: false },
  { name: 'content_prefix_empty', pattern: {"source":[{"prefix":""}]}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"pending"}}, matches: true },
  { name: 'content_prefix_ignorecase', pattern: {"detail":{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"service":"EvEnTb"}}, matches: true },
  { name: 'content_suffix', pattern: {"FileName":[{"suffix":".png"}]}, event: {"source":"test-source","detail-type":"test-detail-type","FileName":"image.png"}, matches: true },
  { name: 'content_suffix_NEG', pattern: {"FileName":[{"suffix":".PNG"}]}, event: {"source":"test-source","detail-type":"test-detail-type","FileName":"image.png"}, matches: false },
  { name: 'content_suffix_empty', pattern: {"source":[{"suffix":""}]}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":"pending"}}, matches: true },
  { name: 'content_suffix_ignorecase', pattern: {"detail":{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FileName":"image.PNG"}}, matches: true },
  { name: 'content_suffix_ignorecase_NEG', pattern: {"detail":{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"FileName":"image.jpg"}}, matches: false },
  { name: 'content_wildcard_empty_NEG', pattern: {"EventBusArn":[{"wildcard":""}]}, event: {"source":"test-source","detail-type":"test-detail-type","EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/myEventBus"}, matches: false },
  { name: 'content_wildcard_nonrepeating', pattern: {"FileName":[{"wildcard":"/Users/*/doc.txt"}]}, event: {"source":"test-source","detail-type":"test-detail-type","FileName":"/Users/ls_user/dir/dir/dir/dir/dir/doc.txt"}, matches: true },
  { name: 'content_wildcard_nonrepeating_NEG', pattern: {"FileName":[{"wildcard":"/Users/*/doc.txt"}]}, event: {"source":"test-source","detail-type":"test-detail-type","FileName":"/Users/ls_user/dir/dir/dir/dir/dir/notmatchingdoc.txt"}, matches: false },
  { name: 'content_wildcard_repeating', pattern: {"FileName":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}, event: {"source":"test-source","detail-type":"test-detail-type","FileName":"/Users/ls_user/dir/dir/dir/dir/dir/doc.txt"}, matches: true },
  { name: 'content_wildcard_repeating_NEG', pattern: {"FileName":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}, event: {"source":"test-source","detail-type":"test-detail-type","FileName":"/Users/ls_user/dir/dir/dir/dir/otherdir/doc.txt"}, matches: false },
  { name: 'content_wildcard_simplified', pattern: {"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}, event: {"source":"test-source","detail-type":"test-detail-type","EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/myEventBus"}, matches: true },
  { name: 'dot_joining_event', pattern: {"detail":{"state":{"status":["running"]}}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state.status":"running"}}, matches: true },
  { name: 'dot_joining_event_NEG', pattern: {"detail":{"state":{"status":["running"]}}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state.status":{"status":"running"}}}, matches: false },
  { name: 'dot_joining_pattern', pattern: {"detail":{"state.status":["running"]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":{"status":"running"}}}, matches: true },
  { name: 'dot_joining_pattern_NEG', pattern: {"detail":{"state.status":{"status":["running"]}}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":{"state":{"status":"running"}}}, matches: false },
  { name: 'dynamodb', pattern: {"dynamodb":{"NewImage":{"homemade":{"N":["1234"]}}}}, event: {"source":"order","detail-type":"Test","dynamodb":{"NewImage":{"homemade":{"S":"ABCD","N":"1234"}}}}, matches: true },
  { name: 'exists_dynamodb', pattern: {"dynamodb":{"presentKey":{"S":[{"exists":true}]}}}, event: {"source":"test-source","detail-type":"test-detail-type","dynamodb":{"id":{"S":"test1234"},"presentKey":{"S":"test123"}}}, matches: true },
  { name: 'exists_dynamodb_NEG', pattern: {"dynamodb":{"presentKey":[{"exists":true}]}}, event: {"source":"test-source","detail-type":"test-detail-type","dynamodb":{"id":{"S":"test1234"},"presentKey":{"S":"test123"}}}, matches: false },
  { name: 'exists_list_empty_NEG', pattern: {"resources":[{"exists":true}]}, event: {"detail-type":"EC2 Instance Launch Successful","source":"aws.autoscaling","resources":[],"detail":{"eventVersion":"","responseElements":null}}, matches: false },
  { name: 'key_case_sensitive_NEG', pattern: {"MY_KEY":["my-value"]}, event: {"source":"test-source","detail-type":"test-detail-type","my_key":"my-value"}, matches: false },
  { name: 'list_within_dict', pattern: {"detail":{"automations":{"id":[{"exists":true}]}}}, event: {"id":"1","source":"test-source","detail-type":"test-detail-type","detail":{"automations":[{"key1":"value1"},{"id":"match-does-exist"},{"key2":"value2"}]}}, matches: true },
  { name: 'minimal', pattern: {"id":["1"]}, event: {"id":"1","source":"test-source","detail-type":"test-detail-type"}, matches: true },
  { name: 'nested_json_NEG', pattern: {"detail":{"my-key":["my-value"]}}, event: {"source":"test-source","detail-type":"test-detail-type","detail":"{\"my-key\": \"my-value\"}"}, matches: false },
  { name: 'null_value', pattern: {"detail":{"responseElements":[null]}}, event: {"detail-type":"EC2 Instance Launch Successful","source":"aws.autoscaling","resources":[],"detail":{"eventVersion":"","responseElements":null}}, matches: true },
  { name: 'null_value_NEG', pattern: {"detail":{"responseElements":[null]}}, event: {"detail-type":"EC2 Instance Launch Successful","source":"aws.autoscaling","resources":[],"detail":{"eventVersion":"","responseElements":"null"}}, matches: false },
  { name: 'number_comparison_float', pattern: {"number":[300]}, event: {"source":"test-source","detail-type":"test-detail-type","number":300}, matches: true },
  { name: 'numeric-int-float', pattern: {"number":[{"numeric":[">",100]}]}, event: {"source":"test-source","detail-type":"test-detail-type","number":101}, matches: true },
  { name: 'numeric-null_NEG', pattern: {"number":[{"numeric":[">",100]}]}, event: {"source":"test-source","detail-type":"test-detail-type","number":null}, matches: false },
  { name: 'numeric-string_NEG', pattern: {"number":[{"numeric":[">",100]}]}, event: {"source":"test-source","detail-type":"test-detail-type","number":"300"}, matches: false },
  { name: 'operator_multiple_list', pattern: {"my_key":[{"exists":true},{"prefix":"IGNORED"},{"suffix":"IGNORED"}]}, event: {"source":"test-source","detail-type":"test-detail-type","my_key":"my-value"}, matches: true },
  { name: 'or-anything-but', pattern: {"dynamodb":{"NewImage":{"homemade":{"S":[{"anything-but":["roses"]},{"exists":false}]}}}}, event: {"source":"order","detail-type":"Test","dynamodb":{"NewImage":{"homemade":{"S":"ABCD","N":"1234"}}}}, matches: true },
  { name: 'or-exists-parent', pattern: {"dynamodb":{"NewImage":{"homemade":{"S":[{"anything-but":["roses"]},{"exists":false}]}}}}, event: {"source":"order","detail-type":"Test","dynamodb":{"NewImage":{"purchased":{"N":"789"}}}}, matches: true },
  { name: 'or-exists', pattern: {"dynamodb":{"NewImage":{"homemade":{"S":[{"anything-but":["roses"]},{"exists":false}]}}}}, event: {"source":"order","detail-type":"Test","dynamodb":{"NewImage":{"homemade":{"N":"789"}}}}, matches: true },
  { name: 'or-numeric-anything-but', pattern: {"dynamodb":{"NewImage":{"numericFilter":{"N":[{"numeric":[">",100]},{"anything-but":"101"}]}}}}, event: {"source":"order","detail-type":"Test","dynamodb":{"ApproximateCreationDateTime":1733418659,"Keys":{"id":{"S":"id_value_1"}},"NewImage":{"id":{"S":"id_value_1"},"numericFilter":{"N":"42"}},"SequenceNumber":"49658361752382621885697088319781165717078428243510427650","SizeBytes":52,"StreamViewType":"NEW_AND_OLD_IMAGES"}}, matches: true },
  { name: 'or-numeric-anything-but_NEG', pattern: {"dynamodb":{"NewImage":{"numericFilter":{"N":[{"numeric":[">",100]},{"anything-but":"101"}]}}}}, event: {"source":"order","detail-type":"Test","dynamodb":{"ApproximateCreationDateTime":1733418659,"Keys":{"id":{"S":"id_value_1"}},"NewImage":{"id":{"S":"id_value_1"},"numericFilter":{"N":"101"}},"SequenceNumber":"49658361752382621885697088319781165717078428243510427650","SizeBytes":52,"StreamViewType":"NEW_AND_OLD_IMAGES"}}, matches: false },
  { name: 'prefix', pattern: {"dynamodb":{"Keys":{"PK":{"S":[{"prefix":"COMPANY"}]},"SK":{"S":[{"prefix":"PRODUCT"}]}}}}, event: {"source":"order","detail-type":"Test","dynamodb":{"ApproximateCreationDateTime":1664559083,"Keys":{"SK":{"S":"PRODUCT#CHOCOLATE#DARK#1000"},"PK":{"S":"COMPANY#1000"}},"NewImage":{"quantity":{"N":"50"},"company_id":{"S":"1000"},"fabric":{"S":"Florida Chocolates"},"price":{"N":"15"},"stores":{"N":"5"},"product_id":{"S":"1000"},"SK":{"S":"PRODUCT#CHOCOLATE#DARK#1000"},"PK":{"S":"COMPANY#1000"},"state":{"S":"FL"},"type":{"S":""}},"SequenceNumber":"700000000000888747038","SizeBytes":174,"StreamViewType":"NEW_AND_OLD_IMAGES"}}, matches: true },
  { name: 'sample1', pattern: {"source":["order"],"detail-type":["Test"]}, event: {"source":"order","detail-type":"Test"}, matches: true },
  { name: 'string', pattern: {"string":["A CamelCase string with an emoji 🚀 and trailing whitespace "]}, event: {"source":"test-source","detail-type":"test-detail-type","string":"A CamelCase string with an emoji 🚀 and trailing whitespace "}, matches: true },
  { name: 'string_empty', pattern: {"detail":{"eventVersion":[""]}}, event: {"detail-type":"EC2 Instance Launch Successful","source":"aws.autoscaling","resources":[],"detail":{"eventVersion":"","responseElements":null}}, matches: true },
];

/** The same suite's rejected patterns, with the reason EventBridge gave (its first line). */
const rejectedRows: Array<{ name: string; pattern: string; reason: string }> = [
  { name: 'arrays_empty_EXC', pattern: "{\"resources\":[]}", reason: "Empty arrays are not allowed" },
  { name: 'content_anything_but_ignorecase_EXC', pattern: "{\"detail\":{\"state\":[{\"anything-but\":{\"equals-ignore-case\":123}}]}}", reason: "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported." },
  { name: 'content_anything_but_ignorecase_list_EXC', pattern: "{\"detail\":{\"state\":[{\"anything-but\":{\"equals-ignore-case\":[123,456]}}]}}", reason: "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported." },
  { name: 'content_anything_but_string_list_null_type_EXC', pattern: "{\"detail\":{\"state\":[{\"anything-but\":[\"stopped\",null]}]}}", reason: "Inside anything but list, start|null|boolean is not supported." },
  { name: 'content_anything_but_string_null_type_EXC', pattern: "{\"detail\":{\"state\":[{\"anything-but\":null}]}}", reason: "Value of anything-but must be an array or single string/number value." },
  { name: 'content_anything_prefix_empty_EXC', pattern: "{\"detail\":{\"FileName\":[{\"anything-but\":{\"prefix\":\"\"}}]}}", reason: "Null prefix/suffix not allowed" },
  { name: 'content_anything_prefix_ignorecase_EXC', pattern: "{\"detail\":{\"FileName\":[{\"anything-but\":{\"prefix\":{\"equals-ignore-case\":\"file\"}}}]}}", reason: "Value of anything-but must be an array or single string/number value." },
  { name: 'content_anything_prefix_int_EXC', pattern: "{\"detail\":{\"state\":[{\"anything-but\":{\"prefix\":123}}]}}", reason: "prefix/suffix match pattern must be a string" },
  { name: 'content_anything_prefix_list_type_EXC', pattern: "{\"detail\":{\"state\":[{\"anything-but\":{\"prefix\":[123,\"test\"]}}]}}", reason: "prefix/suffix match pattern must be a string" },
  { name: 'content_anything_suffix_empty_EXC', pattern: "{\"detail\":{\"FileName\":[{\"anything-but\":{\"suffix\":\"\"}}]}}", reason: "Null prefix/suffix not allowed" },
  { name: 'content_anything_suffix_ignorecase_EXC', pattern: "{\"detail\":{\"FileName\":[{\"anything-but\":{\"suffix\":{\"equals-ignore-case\":\".png\"}}}]}}", reason: "Value of anything-but must be an array or single string/number value." },
  { name: 'content_anything_suffix_int_EXC', pattern: "{\"detail\":{\"FileName\":[{\"anything-but\":{\"suffix\":123}}]}}", reason: "prefix/suffix match pattern must be a string" },
  { name: 'content_anything_suffix_list_null_type_EXC', pattern: "{\"detail\":{\"FileName\":[{\"anything-but\":{\"suffix\":[null,\".txt\"]}}]}}", reason: "prefix/suffix match pattern must be a string" },
  { name: 'content_anything_suffix_list_type_EXC', pattern: "{\"detail\":{\"FileName\":[{\"anything-but\":{\"suffix\":[123,\".txt\"]}}]}}", reason: "prefix/suffix match pattern must be a string" },
  { name: 'content_anything_wildcard_list_type_EXC', pattern: "{\"detail\":{\"state\":[{\"anything-but\":{\"wildcard\":[123,\"*/dir/*\"]}}]}}", reason: "wildcard match pattern must be a string" },
  { name: 'content_anything_wildcard_type_EXC', pattern: "{\"detail\":{\"FilePath\":[{\"anything-but\":{\"wildcard\":123}}]}}", reason: "wildcard match pattern must be a string" },
  { name: 'content_ignorecase_EXC', pattern: "{\"detail-type\":[{\"equals-ignore-case\":[\"ec2 instance state-change notification\"]}]}", reason: "equals-ignore-case match pattern must be a string" },
  { name: 'content_ignorecase_list_EXC', pattern: "{\"detail-type\":[{\"equals-ignore-case\":{\"prefix\":\"ec2\"}}]}", reason: "equals-ignore-case match pattern must be a string" },
  { name: 'content_ip_address_EXC', pattern: "{\"detail\":{\"sourceIPAddress\":[{\"cidr\":\"bad-filter\"}]}}", reason: "Malformed CIDR, one '/' required" },
  { name: 'content_ip_address_bad_ip_EXC', pattern: "{\"detail\":{\"sourceIPAddress\":[{\"cidr\":\"xx.11.xx/8\"}]}}", reason: "Nonstandard IP address: xx.11.xx" },
  { name: 'content_ip_address_bad_mask_EXC', pattern: "{\"detail\":{\"sourceIPAddress\":[{\"cidr\":\"bad-/64filter\"}]}}", reason: "Malformed CIDR, mask bits must be an integer" },
  { name: 'content_ip_address_type_EXC', pattern: "{\"detail\":{\"sourceIPAddress\":[{\"cidr\":[\"bad-type\"]}]}}", reason: "prefix match pattern must be a string" },
  { name: 'content_ip_address_v6_bad_ip_EXC', pattern: "{\"detail\":{\"sourceIPAddress\":[{\"cidr\":\"xxxx:db8:1234:1a00::/64\"}]}}", reason: "Nonstandard IP address: xxxx:db8:1234:1a00::" },
  { name: 'content_numeric_EXC', pattern: "{\"detail\":{\"c-count\":[{\"numeric\":[\">\",0,\">\",0]}]}}", reason: "Bad numeric range operator: >" },
  { name: 'content_numeric_number_EXC', pattern: "{\"detail\":{\"c-count\":[{\"numeric\":10}]}}", reason: "Value of numeric must be an array." },
  { name: 'content_numeric_operatorcasing_EXC', pattern: "{\"detail\":{\"equal\":[{\"NUMERIC\":[\"=\",5]}]}}", reason: "Unrecognized match type NUMERIC" },
  { name: 'content_numeric_syntax_EXC', pattern: "{\"detail\":{\"c-count\":[{\"numeric\":[\">\",0,\"<\"]}]}}", reason: "Value of < must be numeric" },
  { name: 'content_prefix_int_EXC', pattern: "{\"time\":[{\"prefix\":123}]}", reason: "prefix match pattern must be a string" },
  { name: 'content_prefix_list_EXC', pattern: "{\"time\":[{\"prefix\":[\"2022-07-13\"]}]}", reason: "prefix match pattern must be a string" },
  { name: 'content_suffix_int_EXC', pattern: "{\"FileName\":[{\"suffix\":123}]}", reason: "suffix match pattern must be a string" },
  { name: 'content_suffix_list_EXC', pattern: "{\"FileName\":[{\"suffix\":[\".png\"]}]}", reason: "suffix match pattern must be a string" },
  { name: 'content_wildcard_complex_EXC', pattern: "{\"EventBusArn\":[{\"wildcard\":\"*:*:*:*:*:event-bus/*\"}]}", reason: "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character" },
  { name: 'content_wildcard_int_EXC', pattern: "{\"EventBusArn\":[{\"wildcard\":123}]}", reason: "wildcard match pattern must be a string" },
  { name: 'content_wildcard_list_EXC', pattern: "{\"EventBusArn\":[{\"wildcard\":[\"arn:aws:events:us-east-1:**:event-bus/*\"]}]}", reason: "wildcard match pattern must be a string" },
  { name: 'content_wildcard_repeating_star_EXC', pattern: "{\"EventBusArn\":[{\"wildcard\":\"arn:aws:events:us-east-1:**:event-bus/*\"}]}", reason: "Consecutive wildcard characters at pos 26" },
  { name: 'int_nolist_EXC', pattern: "{\"int\":42}", reason: "\"int\" must be an object or an array" },
  { name: 'operator_case_sensitive_EXC', pattern: "{\"my_key\":[{\"EXISTS\":true}]}", reason: "Unrecognized match type EXISTS" },
  { name: 'string_nolist_EXC', pattern: "{\"string\":\"my-value\"}", reason: "\"string\" must be an object or an array" },
];

describe('event patterns: AWS-validated templates', () => {
  for (const row of matchRows) {
    test(`${row.name} ${row.matches ? 'matches' : 'does not match'}`, () => {
      const pattern = parseEventPattern(JSON.stringify(row.pattern));
      assert.equal(matchesEventPattern(pattern, row.event), row.matches);
    });
  }

  for (const row of rejectedRows) {
    test(`${row.name} is rejected: ${row.reason}`, () => {
      assert.throws(
        () => parseEventPattern(row.pattern),
        (error: unknown) =>
          error instanceof AwsError &&
          error.code === 'InvalidEventPatternException' &&
          error.status === 400 &&
          error.message === `Event pattern is not valid. Reason: ${row.reason}`,
      );
    });
  }
});
