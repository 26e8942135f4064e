package main

import (
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/gin-gonic/gin"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/shopspring/decimal"
	_ "github.com/yanyiwu/gojieba"
	_ "golang.org/x/text/width"
)

func main() {}
