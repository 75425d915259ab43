/* gen: synthetic national-system exports, seeded and reproducible.
 *
 *   gen [-n CASES] [-s SEED] [--broken] [--crlf] DIR
 *
 * Writes DIR/cases.csv, DIR/nodes.csv, DIR/funds.csv in UTF-8 with the
 * Chinese headers the national system exports (convert with iconv for
 * GB18030).  --broken mixes in a bad date, a bad amount, a ragged row and a
 * companion row for an unknown case.  Used by samples/ and `make bench`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;
static uint64_t next(void)   /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static int pick(int n) { return (int)(next() % (uint64_t)n); }
static int chance(int pct) { return pick(100) < pct; }
#define ONE(a) (a[pick((int)(sizeof a / sizeof *a))])

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华", "志强", "海燕"};
static const char *const firms[] = {"新密市恒达建材有限公司", "河南中原商贸有限公司", "安阳市殷都区宏图机械厂", "信阳茶都物流有限公司", "监利县江汉农业开发有限公司", "郑州惠民小额贷款有限公司", "河南鑫源置业有限公司"};
static const char *const banks[] = {"中国农业银行股份有限公司新密支行", "中国建设银行股份有限公司安阳分行", "信阳农村商业银行股份有限公司", "新密市农村信用合作联社", "湖北监利农村商业银行股份有限公司"};
static const char *const causes[] = {"民间借贷纠纷", "买卖合同纠纷", "金融借款合同纠纷", "信用卡纠纷", "劳务合同纠纷", "承揽合同纠纷", "租赁合同纠纷", "委托合同纠纷", "融资租赁合同纠纷", "机动车交通事故责任纠纷", "离婚纠纷", "房屋买卖合同纠纷", "追偿权纠纷"};
static const char *const tags[] = {"", "", "", "", "", "", "拒执", "老案件", "涉党政机关", "涉信用社清收", "涉黑恶", "主动履行", "和解可能", "诉讼中公告送达", "申请人不能提供线索", "代为履行或担保可能", "不予受理或驳回", "委托案件"};
static const char *const courts[] = {"豫0183", "豫0505", "豫1502", "鄂1088"};
static const char *const stages[] = {"线下查控组", "线索查控组", "财产处置组", "拒执打击组", "终本办理组"};
static const char *const handlers[] = {"马伟峰", "王伟红", "谭猛", "范鑫", "李涛", "吴志勇", "徐启明", "姜南", "杨琼", "唐崇廉"};

static void date_str(char *buf, int32_t day, int style)
{
    /* civil from days */
    int64_t z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = (int)(yoe + era * 400);
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    switch (style) {
    case 1: sprintf(buf, "%d/%u/%u", y, m, d); break;
    case 2: sprintf(buf, "%d年%u月%u日", y, m, d); break;
    case 3: sprintf(buf, "%d%02u%02u", y, m, d); break;
    default: sprintf(buf, "%d-%02u-%02u", y, m, d);
    }
}

static void money_str(char *buf, long fen, int style)
{
    long y = fen / 100, f = fen % 100;
    if (style == 1 && f == 0 && y % 1000 == 0) sprintf(buf, "%g万", (double)y / 10000.0);
    else if (style == 2 && y >= 1000000) sprintf(buf, "\"%ld,%03ld,%03ld.%02ld\"", y / 1000000, y / 1000 % 1000, y % 1000, f);
    else if (style == 2 && y >= 1000) sprintf(buf, "\"%ld,%03ld.%02ld\"", y / 1000, y % 1000, f);
    else if (f) sprintf(buf, "%ld.%02ld", y, f);
    else sprintf(buf, "%ld", y);
}

static void person(char *buf) { sprintf(buf, "%s%s", ONE(surnames), ONE(given)); }

int main(int argc, char **argv)
{
    long n = 200;
    uint64_t seed = 20261122;
    int broken = 0, crlf = 0;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) n = atol(argv[++i]);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--broken")) broken = 1;
        else if (!strcmp(argv[i], "--crlf")) crlf = 1;
        else dir = argv[i];
    }
    if (!dir) { fprintf(stderr, "usage: gen [-n CASES] [-s SEED] [--broken] [--crlf] DIR\n"); return 2; }
    rng_state = seed;
    const char *eol = crlf ? "\r\n" : "\n";
    char path[4096];
    snprintf(path, sizeof path, "%s/cases.csv", dir);
    FILE *fc = fopen(path, "w");
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *fn = fopen(path, "w");
    snprintf(path, sizeof path, "%s/funds.csv", dir);
    FILE *ff = fopen(path, "w");
    if (!fc || !fn || !ff) { perror("gen"); return 3; }
    fprintf(fc, "案号,立案日期,案由,申请执行标的金额,执行内容,申请执行人,申请执行人类型,被执行人,被执行人类型,被执行人证件号码,"
                "本地常住,稳定工作,下落不明,查控到的存款,有财产需处置拍卖,已采取保全措施,标注,原案号,原结案方式,原结案日期,原承办人,原承办团队,原承办人在局,"
                "结案日期,结案方式,结案事由,结案标的额,申请人放弃标的额,执行到位标的额%s", eol);
    fprintf(fn, "案号,节点,时间,送达日期,期满日期,流转至%s", eol);
    fprintf(ff, "案号,类型,日期,金额,账户,收款人,承办人提交,初审,批准,财务审核,支付,暂缓事由%s", eol);
    const int32_t base = 19358;   /* 2023-01-01 */
    for (long i = 1; i <= n; i++) {
        int k = pick(100);
        const char *kind = k < 70 ? "执" : k < 82 ? "执恢" : k < 90 ? "执保" : k < 94 ? "执异" : k < 96 ? "执监" : k < 98 ? "执协" : "执复";
        const char *court = ONE(courts);
        int year = 2023 + pick(4);
        char cno[128];
        sprintf(cno, "（%d）%s%s%ld号", year, court, kind, i);
        int32_t filed = base + (year - 2023) * 365 + pick(330);
        char filed_s[40], buf[64], amt[64], cash[64];
        date_str(filed_s, filed, pick(10) < 7 ? 0 : pick(4));
        /* yuan: a tenth on the 100,000 boundary, most small, some large */
        long fen = chance(10) ? 10000000 + pick(3) - 1
                 : chance(60) ? (long)(1000 + pick(99000)) * 100 + (chance(20) ? pick(100) : 0)
                 : (long)(100000 + pick(3000000)) * 100;
        money_str(amt, fen, pick(3));
        int app = pick(10);
        char applicant[128], respondent[128];
        const char *app_kind = app < 4 ? "自然人" : app < 7 ? "企业" : app < 9 ? "银行" : "信用社";
        if (app < 4) person(applicant); else if (app < 7) strcpy(applicant, ONE(firms)); else strcpy(applicant, ONE(banks));
        int resp_company = chance(25);
        if (resp_company) strcpy(respondent, ONE(firms)); else person(respondent);
        char idno[32];
        sprintf(idno, "41018%d%04d%02d%02d%03d%d", 2 + pick(2), 1960 + pick(40), 1 + pick(12), 1 + pick(28), pick(1000), pick(10));
        long cashfen = chance(30) ? (chance(50) ? fen : fen / (2 + pick(5))) : 0;
        money_str(cash, cashfen, 0);
        const char *subject = chance(8) ? "行为" : chance(5) ? "过户" : "金钱给付";
        const char *tag = ONE(tags);
        int closed = chance(45);
        int32_t closed_on = filed + 20 + pick(200);
        const char *method = !closed ? "" : chance(45) ? "终结本次执行程序" : chance(60) ? "执行完毕" : chance(50) ? "终结执行" : "销案";
        char closed_s[40] = "", prior[128] = "", prior_m[64] = "", prior_d[40] = "", prior_h[64] = "", prior_t[64] = "", prior_a[8] = "";
        if (closed) date_str(closed_s, closed_on, 0);
        if (!strcmp(kind, "执恢") || chance(5)) {
            sprintf(prior, "（%d）%s执%ld号", year - 1 - pick(3), court, 1000 + i);
            strcpy(prior_m, chance(70) ? "终结本次执行程序" : "终结执行");
            date_str(prior_d, filed - 30 - pick(900), 0);
            strcpy(prior_h, ONE(handlers));
            strcpy(prior_t, pick(3) == 0 ? "首执第一团队" : pick(2) ? "首执第二团队" : "首执第三团队");
            strcpy(prior_a, chance(70) ? "是" : "否");
        }
        char cl_amt[64] = "", waived[64] = "", recovered[64] = "";
        if (closed) {
            long rec = !strcmp(method, "执行完毕") ? fen : pick(2) ? 0 : fen / 3;
            money_str(recovered, rec, 0);
            money_str(waived, !strcmp(method, "执行完毕") ? 0 : 0, 0);
            money_str(cl_amt, fen, 0);
        }
        if (broken && i % 97 == 13) strcpy(filed_s, "2023-13-45");
        if (broken && i % 89 == 7) strcpy(amt, "abc");
        if (broken && i % 101 == 50) { fprintf(fc, "%s,%s,坏行%s", cno, filed_s, eol); continue; }
        fprintf(fc, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s%s",
                cno, filed_s, ONE(causes), amt, subject, applicant, app_kind, respondent, resp_company ? "企业" : "自然人", resp_company ? "" : idno,
                chance(60) ? "是" : "否", chance(40) ? "是" : "否", chance(10) ? "是" : "否", cash, chance(15) ? "是" : "否", chance(10) ? "是" : "否",
                tag, prior, prior_m, prior_d, prior_h, prior_t, prior_a,
                closed_s, method, closed ? (strcmp(method, "终结本次执行程序") ? "" : "被执行人无可供执行财产") : "", cl_amt, waived, recovered, eol);
        /* node events: most cases get the early nodes, some are late or missing */
        struct { const char *node; int pct, lo, hi; } plan[] = {
            {"初次接待", 85, 0, 3}, {"点对点查询", 90, 0, 2}, {"总对总查询", 90, 0, 2}, {"执行通知书", 85, 1, 16},
            {"报告财产令", 80, 1, 16}, {"线下查控指令", 40, 3, 20}, {"限制消费令", 50, 10, 60}, {"纳入失信", 35, 15, 70},
            {"现场调查", 25, 10, 80}, {"终本约谈", 30, 60, 200}, {"电子卷宗上传", 70, 0, 5},
        };
        int32_t offline_task = -1;
        for (size_t p = 0; p < sizeof plan / sizeof *plan; p++) {
            if (!chance(plan[p].pct)) continue;
            int32_t at = filed + plan[p].lo + pick(plan[p].hi - plan[p].lo + 1);
            char at_s[40], served[40] = "";
            date_str(at_s, at, 0);
            if (strstr(plan[p].node, "通知") || strstr(plan[p].node, "令") || strstr(plan[p].node, "失信"))
                if (chance(70)) date_str(served, at + 2 + pick(10), 0);
            if (!strcmp(plan[p].node, "线下查控指令")) offline_task = at;
            fprintf(fn, "%s,%s,%s,%s,,%s", cno, plan[p].node, at_s, served, eol);
        }
        if (offline_task >= 0 && chance(80)) {
            date_str(buf, offline_task + 3 + pick(20), 0);
            fprintf(fn, "%s,线下查控完成,%s,,,%s", cno, buf, eol);
        }
        if (closed && !strcmp(method, "终结本次执行程序") && chance(70)) {
            date_str(buf, closed_on - pick(20), 0);
            fprintf(fn, "%s,总对总查询,%s,,,%s", cno, buf, eol);
        }
        if (chance(20)) {   /* 监利-style stage handovers */
            int32_t at = filed + 5;
            int nst = 1 + pick(4);
            for (int s = 0; s < nst; s++) {
                at += 7 + pick(30);
                date_str(buf, at, 0);
                fprintf(fn, "%s,流转,%s,,,%s%s", cno, buf, stages[s], eol);
            }
        }
        if (chance(5)) {
            int32_t at = filed + 30 + pick(60);
            char until[40];
            date_str(buf, at, 0);
            date_str(until, at + 15, 0);
            fprintf(fn, "%s,拘留,%s,,%s,%s", cno, buf, until, eol);
        }
        if (chance(8)) {
            int32_t at = filed + 20 + pick(40);
            date_str(buf, at, 0);
            fprintf(fn, "%s,发现可处置财产,%s,,,%s", cno, buf, eol);
            date_str(buf, at + 10 + pick(40), 0);
            fprintf(fn, "%s,拍卖裁定,%s,,,%s", cno, buf, eol);
        }
        /* funds */
        if (chance(30)) {
            int narr = 1 + pick(2);
            for (int a = 0; a < narr; a++) {
                int32_t on = filed + 10 + pick(120);
                long af = fen / (1 + pick(3));
                char on_s[40], af_s[64];
                date_str(on_s, on, 0);
                money_str(af_s, af, 0);
                int main_acct = chance(25);
                fprintf(ff, "%s,到账,%s,%s,%s,,,,,,,%s", cno, on_s, af_s, main_acct ? "本院主账户" : "一案一账号", eol);
                if (main_acct && chance(80)) {
                    date_str(buf, on + pick(6), 0);
                    fprintf(ff, "%s,认领,%s,%s,一案一账号,,,,,,,%s", cno, buf, af_s, eol);
                }
                if (chance(75)) {
                    int32_t paid = on + 1 + pick(25);
                    char s1[40], s2[40], s3[40], s4[40], s5[40];
                    date_str(s1, paid - 4, 0); date_str(s2, paid - 3, 0); date_str(s3, paid - 2, 0);
                    date_str(s4, paid - 1, 0); date_str(s5, paid, 0);
                    if (chance(10)) strcpy(s3, "");
                    if (chance(5)) date_str(s2, paid + 1, 0);
                    long pf = chance(3) ? af + 1 : af;
                    money_str(af_s, pf, 0);
                    fprintf(ff, "%s,发放,%s,%s,一案一账号,%s,%s,%s,%s,%s,%s,%s", cno, s5, af_s, applicant, s1, s2, s3, s4, s5, eol);
                } else if (chance(30)) {
                    date_str(buf, on + 1, 0);
                    fprintf(ff, "%s,暂缓发放,%s,,,,,,,,,%s%s", cno, buf, chance(70) ? "案外人异议" : "", eol);
                }
            }
        }
    }
    if (broken) {
        fprintf(fn, "（2023）豫0183执999999号,执行通知书,2023-03-01,,,%s", eol);
        fprintf(ff, "（2023）豫0183执999998号,到账,2023-03-01,1000,一案一账号,,,,,,,%s", eol);
    }
    fclose(fc);
    fclose(fn);
    fclose(ff);
    return 0;
}
